import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asRole,
  seedDemoData,
  startTestService,
  TEST_API_KEYS,
  type TestApp,
  type TestService,
  waitForJob,
} from '@deepworks/platform/testing';
import { writeNpz } from '@deepworks/data-prep';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TRIAGE_SERVICE } from '../src/triage.service';
import { dicomStudy, findingPng, uploadForm } from './support/study-images';

const key = (role: keyof typeof TEST_API_KEYS) => ({ authorization: `Bearer ${TEST_API_KEYS[role]}` });
const clinician = asRole('clinician');

interface Study {
  id: string;
  status: string;
  priority: string;
  abnormality: number | null;
  flagged: boolean | null;
  predictedClass: string | null;
  modelVersion: number | null;
  heatmapUrl: string | null;
  patientRef: string | null;
}

describe('triage API and worker on a real PostgreSQL', () => {
  let service: TestService;
  let api: TestApp;

  let home: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'deepworks-triage-home-'));
    service = await startTestService({
      ...TRIAGE_SERVICE,
      databaseUrl: inject('databaseUrl'),
      env: { DEEPWORKS_HOME: home },
    });
    api = service.api;
  });
  afterAll(async () => {
    await service?.close();
    await rm(home, { recursive: true, force: true });
  });

  const upload = (form: FormData, role: keyof typeof TEST_API_KEYS = 'writer') =>
    fetch(`${api.baseUrl}/studies`, { method: 'POST', headers: key(role), body: form });
  const study = async (id: string) =>
    (await (await fetch(`${api.baseUrl}/studies/${id}`, { headers: clinician })).json()) as Study;
  const studyCount = async () =>
    (
      (await (await fetch(`${api.baseUrl}/studies?limit=1`, { headers: clinician })).json()) as {
        total: number;
      }
    ).total;

  it('is healthy with its schema migrated', async () => {
    const response = await fetch(`${api.baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      info: { db: { status: 'up' }, service: { app: 'triage' } },
    });
  });

  it('stores generated labelled images as studies, and a re-run stores none', async () => {
    const seed = () => seedDemoData(api, { seed: 5, size: 300 });
    expect(await seed()).toMatchObject({ state: 'completed', output: { studies: 300, skipped: 0 } });
    expect(await seed()).toMatchObject({ state: 'completed', output: { studies: 0, skipped: 300 } });
    expect(await studyCount()).toBe(300);
  });

  it('keeps patient data from readers and writers: studies need the clinician role', async () => {
    for (const role of ['reader', 'writer'] as const) {
      const response = await fetch(`${api.baseUrl}/studies`, { headers: key(role) });
      expect(response.status).toBe(403);
    }
    expect((await fetch(`${api.baseUrl}/studies`)).status).toBe(401);
  });

  let waitingId: string;
  it('stores an upload while no model is active, as unscored', async () => {
    const response = await upload(
      uploadForm(findingPng(900, true).png, { patientRef: 'P-001', studyRef: 'S-001' }),
    );
    expect(response.status).toBe(201);
    const accepted = (await response.json()) as { id: string; status: string; format: string };
    expect(accepted).toMatchObject({ status: 'pending', format: 'png' });
    waitingId = accepted.id;
    expect(await study(waitingId)).toMatchObject({
      priority: 'unscored',
      patientRef: 'P-001',
      heatmapUrl: null,
    });
    const duplicate = await upload(uploadForm(findingPng(901, true).png, { studyRef: 'S-001' }));
    expect(duplicate.status).toBe(409);
  });

  it('trains in the worker, registers and promotes the model, then scores what waited', async () => {
    const forbidden = await fetch(`${api.baseUrl}/training-runs`, {
      method: 'POST',
      headers: asRole('clinician'),
      body: JSON.stringify({ epochs: 6 }),
    });
    expect(forbidden.status).toBe(403);
    const started = await fetch(`${api.baseUrl}/training-runs`, {
      method: 'POST',
      headers: asRole('admin'),
      body: JSON.stringify({ epochs: 15, batchSize: 32, seed: 3 }),
    });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    const done = await waitForJob(api.baseUrl, jobId, asRole('admin'), 180_000);
    expect({ state: done.state, output: done.state === 'failed' ? done.output : null }).toEqual({
      state: 'completed',
      output: null,
    });
    const output = done.output as { promoted: boolean; modelVersion: number; validation: { auc: number } };
    expect(output).toMatchObject({ promoted: true, modelVersion: 1 });
    // 300 demo studies, 60 held out; the finding is the only signal, so a working model ranks it.
    expect(output.validation.auc).toBeGreaterThan(0.7);

    const models = (await (await fetch(`${api.baseUrl}/models`, { headers: asRole('reader') })).json()) as {
      task: string;
      status: string;
    }[];
    expect(models).toEqual([expect.objectContaining({ task: 'triage-classifier', status: 'active' })]);

    const deadline = Date.now() + 60_000;
    while ((await study(waitingId)).status !== 'scored' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await study(waitingId)).toMatchObject({ status: 'scored', modelVersion: 1 });
  });

  const uploaded: { id: string; finding: boolean }[] = [];
  it('scores new uploads inline: probabilities, decision, priority, model version and a heat map', async () => {
    for (let index = 0; index < 6; index++) {
      const { png, finding } = findingPng(1000 + 97 * index, index % 2 === 0);
      const response = await upload(uploadForm(png, { patientRef: `P-${index}` }));
      expect(response.status).toBe(201);
      const accepted = (await response.json()) as { id: string; status: string };
      expect(accepted.status).toBe('scored');
      uploaded.push({ id: accepted.id, finding });
    }
    const scored = await Promise.all(uploaded.map(({ id }) => study(id)));
    for (const result of scored) {
      expect(result.abnormality).toBeGreaterThanOrEqual(0);
      expect(result.abnormality).toBeLessThanOrEqual(1);
      expect(['urgent', 'routine']).toContain(result.priority);
      expect(result.modelVersion).toBe(1);
    }
    const heatmap = await fetch(`${api.baseUrl}${scored[0].heatmapUrl}`, { headers: clinician });
    expect(heatmap.status).toBe(200);
    expect(heatmap.headers.get('content-type')).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await heatmap.arrayBuffer()));
    expect([png.width, png.height]).toEqual([28, 28]);
  });

  it('orders the reading queue urgent first, then by abnormality', async () => {
    const queue = (await (await fetch(`${api.baseUrl}/queue?limit=100`, { headers: clinician })).json()) as {
      items: Study[];
    };
    const rank = (item: Study) => (item.flagged ? 0 : item.status === 'pending' ? 1 : 2);
    for (let index = 1; index < queue.items.length; index++) {
      const [before, after] = [queue.items[index - 1], queue.items[index]];
      expect(rank(before)).toBeLessThanOrEqual(rank(after));
      if (rank(before) === rank(after) && before.abnormality !== null && after.abnormality !== null)
        expect(before.abnormality).toBeGreaterThanOrEqual(after.abnormality);
    }
  });

  it('keeps every clinician review in the audit log with the model version, and takes it off the queue', async () => {
    const [first] = uploaded;
    const asWriter = await fetch(`${api.baseUrl}/studies/${first.id}/review`, {
      method: 'POST',
      headers: asRole('writer'),
      body: JSON.stringify({ decision: 'agree' }),
    });
    expect(asWriter.status).toBe(403);
    const noLabel = await fetch(`${api.baseUrl}/studies/${first.id}/review`, {
      method: 'POST',
      headers: clinician,
      body: JSON.stringify({ decision: 'override' }),
    });
    expect(noLabel.status).toBe(400);
    const agreed = await fetch(`${api.baseUrl}/studies/${first.id}/review`, {
      method: 'POST',
      headers: clinician,
      body: JSON.stringify({ decision: 'agree', comment: 'consistent with the film' }),
    });
    expect(agreed.status).toBe(201);
    const overridden = await fetch(`${api.baseUrl}/studies/${first.id}/review`, {
      method: 'POST',
      headers: asRole('admin'),
      body: JSON.stringify({ decision: 'override', label: 'normal', comment: 'second read' }),
    });
    expect(overridden.status).toBe(201);
    const logResponse = await fetch(`${api.baseUrl}/studies/${first.id}/reviews`, { headers: clinician });
    expect(logResponse.status).toBe(200);
    const log = (await logResponse.json()) as {
      reviewer: string;
      decision: string;
      finalLabel: string;
      modelVersion: number;
      createdAt: string;
    }[];
    const predicted = (await study(first.id)).predictedClass;
    expect(
      log.map(({ reviewer, decision, finalLabel, modelVersion }) => [
        reviewer,
        decision,
        finalLabel,
        modelVersion,
      ]),
    ).toEqual([
      ['test-clinician', 'agree', predicted, 1],
      ['test-admin', 'override', 'normal', 1],
    ]);
    const queue = (await (await fetch(`${api.baseUrl}/queue?limit=100`, { headers: clinician })).json()) as {
      items: Study[];
    };
    expect(queue.items.map((item) => item.id)).not.toContain(first.id);
  });

  it('accepts a DICOM study', async () => {
    const response = await upload(uploadForm(dicomStudy(), { patientRef: 'P-DCM' }, 'study.dcm'));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ format: 'dicom', status: 'scored' });
  });

  it.each([
    ['not an image', () => uploadForm(Buffer.from('hello, this is text')), 422, 'IMAGE_UNREADABLE'],
    ['a truncated PNG', () => uploadForm(findingPng(5, true).png.subarray(0, 60)), 422, 'IMAGE_UNREADABLE'],
    [
      'a PNG bomb (100000×100000 header)',
      () => {
        const png = Buffer.from(findingPng(5, true).png);
        png.writeUInt32BE(100_000, 16);
        png.writeUInt32BE(100_000, 20);
        return uploadForm(png);
      },
      422,
      'IMAGE_TOO_LARGE',
    ],
    [
      'a DICOM without pixel data',
      () => uploadForm(Buffer.from(dicomStudy().subarray(0, 128 + 4 + 12 + 30))),
      422,
      'IMAGE_UNREADABLE',
    ],
    ['a form without a file', () => uploadForm(Buffer.alloc(0)), 400, 'UPLOAD_FILE_MISSING'],
    [
      'an unknown field',
      () => uploadForm(findingPng(5, true).png, { admin: 'true' }),
      400,
      'UPLOAD_INVALID_FIELD',
    ],
    [
      'a path in a reference',
      () => uploadForm(findingPng(5, true).png, { studyRef: '../../etc' }),
      400,
      'UPLOAD_INVALID_FIELD',
    ],
  ])('refuses %s with %s %s and stores nothing', async (_case, make, status, code) => {
    const before = await studyCount();
    const response = await upload(make());
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ error: { code } });
    expect(await studyCount()).toBe(before);
  });

  /** A MedMNIST-layout archive: `count` 28×28 images a split, labels (N, 1) cycling over `classes`. */
  function medmnistNpz(count: number, classes: number, omit?: string): Buffer {
    const arrays: Record<string, { dtype: 'uint8'; shape: number[]; data: Uint8Array }> = {};
    for (const split of ['train', 'val', 'test']) {
      const pixels = new Uint8Array(count * 28 * 28).map((_, index) => (index * 7 + split.length) % 256);
      arrays[`${split}_images`] = { dtype: 'uint8', shape: [count, 28, 28], data: pixels };
      arrays[`${split}_labels`] = {
        dtype: 'uint8',
        shape: [count, 1],
        data: Uint8Array.from({ length: count }, (_, index) => index % classes),
      };
    }
    if (omit) delete arrays[omit];
    return writeNpz(arrays);
  }

  it('imports a multi-class MedMNIST .npz as labelled studies in the worker, once', async () => {
    const before = await studyCount();
    const importFile = (file: Buffer, fields: Record<string, string>) =>
      fetch(`${api.baseUrl}/dataset-imports`, {
        method: 'POST',
        headers: key('admin'),
        body: uploadForm(file, fields, 'organs.npz'),
      });
    const accepted = await importFile(medmnistNpz(6, 3), { classNames: 'liver,lung,kidney' });
    expect(accepted.status).toBe(202);
    // 3 splits × 6 images, labels 0, 1, 2 repeating.
    const { jobId, images, classes } = (await accepted.json()) as {
      jobId: string;
      images: number;
      classes: number;
    };
    expect([images, classes]).toEqual([18, 3]);
    expect(await waitForJob(api.baseUrl, jobId, asRole('admin'))).toMatchObject({
      state: 'completed',
      output: { studies: 18, skipped: 0 },
    });
    expect(await studyCount()).toBe(before + 18);
    const again = (await (
      await importFile(medmnistNpz(6, 3), { classNames: 'liver,lung,kidney' })
    ).json()) as {
      jobId: string;
    };
    expect(await waitForJob(api.baseUrl, again.jobId, asRole('admin'))).toMatchObject({
      output: { studies: 0, skipped: 18 },
    });

    for (const [file, fields] of [
      [medmnistNpz(6, 3, 'val_labels'), {}],
      [medmnistNpz(6, 3), { classNames: 'liver,lung' }],
      [Buffer.from('not a zip at all'), {}],
    ] as const) {
      const refused = await importFile(file, fields);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'DATASET_LAYOUT_INVALID' } });
    }
    const clinicianTry = await fetch(`${api.baseUrl}/dataset-imports`, {
      method: 'POST',
      headers: key('clinician'),
      body: uploadForm(medmnistNpz(2, 2), {}, 'x.npz'),
    });
    expect(clinicianTry.status).toBe(403);
    expect(await studyCount()).toBe(before + 18);
  });

  it('refuses a JSON body where an upload is expected', async () => {
    const response = await fetch(`${api.baseUrl}/studies`, {
      method: 'POST',
      headers: asRole('writer'),
      body: JSON.stringify({ image: 'base64…' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'UPLOAD_NOT_MULTIPART' } });
  });
});
