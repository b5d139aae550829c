import type { HostileCase, SeededFixtures } from './hostile-case.types';
import { ABSENT_UUID, encoded, HostileCaseList, JSON_TYPE } from './hostile-case.list';
import {
  BOUNDARY,
  type FormPart,
  multipartBody,
  multipartType,
  streamedJson,
  streamedUpload,
} from './hostile-body.builders';
import {
  craftedPng,
  dicomFile,
  jpegWithFrame,
  jpegWithoutScan,
  lyingSizeEntry,
  medmnistNpz,
  npyClaiming,
  pngWithCorruptData,
  pngWithHeader,
  pngWithoutEnd,
  storedEntry,
  validJpeg,
  validPng,
  zeroBombEntry,
  zipArchive,
} from './hostile-file.fixtures';
import {
  INVALID_UTF8,
  MALFORMED_JSON,
  SQL_INJECTIONS,
  TEMPLATE_INJECTIONS,
  TRAVERSAL_SEGMENTS,
  TRAVERSAL_VALUES,
  deepArrays,
  deepObjects,
  jsonWithBytes,
  withDeepField,
} from './hostile-payload.values';
import { addPlatformCases } from './platform.corpus';

const UPLOAD_LIMIT_BYTES = 32 * 1024 * 1024;
const MULTIPART = { 'content-type': multipartType() } as const;

/** Study uploads (PNG, JPEG, DICOM), reviews, the clinicians' queue, dataset imports, training. */
export function triageCorpus(seeded: SeededFixtures): HostileCase[] {
  const list = new HostileCaseList('triage');
  const study = `/studies/${seeded.studyId}`;
  const review = { path: `${study}/review`, role: 'clinician' } as const;
  const training = { path: '/training-runs', role: 'admin' } as const;
  const agree = { decision: 'agree' };
  const png = validPng();
  const jpeg = validJpeg();
  const dicom = dicomFile({ rows: 16, columns: 16 });

  /** POST /studies as a writer with these form parts. */
  const upload = (category: Parameters<HostileCaseList['add']>[0], label: string, parts: FormPart[]) =>
    list.add(category, 'POST /studies', label, {
      path: '/studies',
      role: 'writer',
      headers: MULTIPART,
      raw: multipartBody(parts),
    });
  const image = (category: Parameters<HostileCaseList['add']>[0], label: string, bytes: Buffer) =>
    upload(category, label, [{ name: 'file', filename: 'study.bin', value: bytes }]);
  /** POST /dataset-imports as an admin with this file (and fields). */
  const dataset = (
    category: Parameters<HostileCaseList['add']>[0],
    label: string,
    bytes: Buffer,
    fields: Record<string, string> = {},
  ) =>
    list.add(category, 'POST /dataset-imports', label, {
      path: '/dataset-imports',
      role: 'admin',
      headers: MULTIPART,
      raw: multipartBody([
        ...Object.entries(fields).map(([name, value]) => ({ name, value })),
        { name: 'file', filename: 'dataset.npz', value: bytes },
      ]),
    });

  // --- image bombs: headers that claim more pixels than the 25-megapixel limit (or than are there).
  image('image-bomb', 'PNG whose IHDR claims 100000×100000', craftedPng({ width: 100_000, height: 100_000 }));
  image(
    'image-bomb',
    'PNG whose IHDR claims 2^32-1 × 2^32-1',
    craftedPng({ width: 0xffffffff, height: 0xffffffff }),
  );
  image('image-bomb', 'PNG of 5001×5000 (just over 25 MP)', craftedPng({ width: 5001, height: 5000 }));
  image('image-bomb', 'PNG strip of 1×30000000', craftedPng({ width: 1, height: 30_000_000 }));
  image(
    'image-bomb',
    'PNG claiming 4096×4096 RGBA with one row of data',
    craftedPng({ width: 4096, height: 4096, colorType: 6 }),
  );
  image(
    'image-bomb',
    'valid PNG re-labelled 100000×100000',
    pngWithHeader(png, { width: 100_000, height: 100_000, colorType: 6 }),
  );
  image(
    'image-bomb',
    'JPEG whose frame claims 65535×65535',
    jpegWithFrame(jpeg, { width: 65_535, height: 65_535 }),
  );
  image(
    'image-bomb',
    'JPEG whose frame claims 65535×1000',
    jpegWithFrame(jpeg, { width: 65_535, height: 1000 }),
  );
  image(
    'image-bomb',
    'JPEG claiming 4000×4000 with 16×16 of data',
    jpegWithFrame(jpeg, { width: 4000, height: 4000 }),
  );

  // --- DICOM bombs and broken DICOM.
  image(
    'dicom-bomb',
    'DICOM of 65535×65535 with 64 bytes of pixels',
    dicomFile({ rows: 65_535, columns: 65_535, pixelBytes: 64 }),
  );
  image(
    'dicom-bomb',
    'DICOM of 5001×5000 (just over 25 MP)',
    dicomFile({ rows: 5001, columns: 5000, pixelBytes: 64 }),
  );
  image(
    'dicom-bomb',
    'DICOM pixel data declaring 4 GiB - 16',
    dicomFile({ rows: 16, columns: 16, pixelBytes: 64, declaredPixelLength: 0xfffffff0 }),
  );
  image(
    'dicom-bomb',
    'DICOM pixel data of undefined length',
    dicomFile({ rows: 4096, columns: 4096, pixelBytes: 64, declaredPixelLength: 0xffffffff }),
  );
  image(
    'dicom-bomb',
    'DICOM of 16×16 with 32 bits allocated',
    dicomFile({ rows: 16, columns: 16, bitsAllocated: 32 }),
  );
  image('dicom-bomb', 'DICOM of 0 rows', dicomFile({ rows: 0, columns: 512, pixelBytes: 64 }));
  image('dicom-bomb', 'DICOM without pixel data', dicomFile({ rows: 16, columns: 16, omitPixelData: true }));
  image(
    'dicom-bomb',
    'DICOM in JPEG-compressed transfer syntax',
    dicomFile({ rows: 16, columns: 16, transferSyntax: '1.2.840.10008.1.2.4.50' }),
  );
  image('dicom-bomb', 'DICOM in RGB', dicomFile({ rows: 16, columns: 16, photometric: 'RGB' }));
  image(
    'dicom-bomb',
    'nothing after the DICM marker',
    Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')]),
  );

  // --- truncated files.
  image('truncated-file', 'PNG cut in half', png.subarray(0, png.length >> 1));
  image('truncated-file', 'PNG cut inside its signature', png.subarray(0, 5));
  image('truncated-file', 'PNG cut inside IHDR', png.subarray(0, 20));
  image('truncated-file', 'PNG without IEND', pngWithoutEnd(png));
  image('truncated-file', 'PNG with 1 of 64 rows of pixel data', craftedPng({ width: 64, height: 64 }));
  image('truncated-file', 'PNG whose IDAT is not zlib', pngWithCorruptData(png));
  image('truncated-file', 'JPEG cut in half', jpeg.subarray(0, jpeg.length >> 1));
  image('truncated-file', 'JPEG headers without a scan', jpegWithoutScan(jpeg));
  image('truncated-file', 'JPEG start-of-image marker only', jpeg.subarray(0, 3));
  image('truncated-file', 'DICOM cut inside its pixel data', dicom.subarray(0, dicom.length - 100));
  image('truncated-file', 'DICOM cut inside its meta header', dicom.subarray(0, 140));

  // --- not images, or images of the wrong kind.
  image('not-an-image', 'plain text', Buffer.from('This is a chest X-ray, trust me.'));
  image('not-an-image', 'GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1'));
  image('not-an-image', 'BMP', Buffer.from('BM' + '\x00'.repeat(60), 'latin1'));
  image('not-an-image', 'TIFF', Buffer.from('II*\x00' + '\x00'.repeat(60), 'latin1'));
  image('not-an-image', 'WebP', Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ' + '\x00'.repeat(40), 'latin1'));
  image('not-an-image', 'PDF', Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'));
  image('not-an-image', 'ELF executable', Buffer.from('\x7fELF\x02\x01\x01' + '\x00'.repeat(57), 'latin1'));
  image(
    'not-an-image',
    'SVG with an external entity (XXE)',
    Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg>&e;</svg>'),
  );
  image('not-an-image', 'zip archive', zipArchive([storedEntry('x-ray.png', png)]));
  image('not-an-image', '1 KiB of zeros', Buffer.alloc(1024));
  image('not-an-image', 'PNG with colour type 5', craftedPng({ width: 8, height: 8, colorType: 5 }));
  image('not-an-image', 'PNG of 0 width', craftedPng({ width: 0, height: 8 }));
  image(
    'not-an-image',
    'PNG with bit depth 3',
    craftedPng({ width: 8, height: 8, bitDepth: 3, colorType: 0 }, 8),
  );
  image('not-an-image', 'JPEG of 0 height', jpegWithFrame(jpeg, { height: 0 }));
  image('not-an-image', 'lossless (SOF3) JPEG', jpegWithFrame(jpeg, { marker: 0xc3 }));

  // --- multipart forms.
  upload('multipart', 'no file part', [{ name: 'patientRef', value: 'P-1' }]);
  upload('multipart', 'file part named "image"', [{ name: 'image', filename: 'x.png', value: png }]);
  upload('multipart', 'unknown field "role"', [
    { name: 'role', value: 'admin' },
    { name: 'file', filename: 'x.png', value: png },
  ]);
  upload('multipart', 'empty file', [{ name: 'file', filename: 'x.png', value: Buffer.alloc(0) }]);
  upload('multipart', 'two files', [
    { name: 'file', filename: 'a.png', value: png },
    { name: 'file', filename: 'b.png', value: png },
  ]);
  upload('multipart', 'ten allowed fields (limit 8)', [
    ...Array.from({ length: 10 }, () => ({ name: 'patientRef', value: 'P-1' })),
    { name: 'file', filename: 'x.png', value: png },
  ]);
  upload('multipart', 'patientRef of 2,000 characters (field limit 1 KiB)', [
    { name: 'patientRef', value: 'P'.repeat(2000) },
    { name: 'file', filename: 'x.png', value: png },
  ]);
  upload('multipart', 'no form at all, only the closing boundary', []);
  list.add('multipart', 'POST /studies', 'cut off before the closing boundary', {
    path: '/studies',
    role: 'writer',
    headers: MULTIPART,
    raw: multipartBody([{ name: 'file', filename: 'x.png', value: png }], { close: false }),
  });
  list.add('multipart', 'POST /studies', 'content type without a boundary', {
    path: '/studies',
    role: 'writer',
    headers: { 'content-type': 'multipart/form-data' },
    raw: multipartBody([{ name: 'file', filename: 'x.png', value: png }]),
  });
  list.add('multipart', 'POST /studies', 'body uses another boundary', {
    path: '/studies',
    role: 'writer',
    headers: MULTIPART,
    raw: multipartBody([{ name: 'file', filename: 'x.png', value: png }], { boundary: `${BOUNDARY}-other` }),
  });
  list.add('multipart', 'POST /studies', 'part headers never end', {
    path: '/studies',
    role: 'writer',
    headers: MULTIPART,
    raw: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\n${'X-Pad: y\r\n'.repeat(2000)}`,
  });
  upload('missing-target', 'a studyRef that already exists', [
    { name: 'studyRef', value: seeded.studyRef },
    { name: 'file', filename: 'x.png', value: png },
  ]);

  // --- injection and traversal in form fields (with a valid image, so only the field is wrong).
  for (const value of TRAVERSAL_VALUES.slice(0, 3))
    upload('path-traversal', `patientRef ${JSON.stringify(value)}`, [
      { name: 'patientRef', value },
      { name: 'file', filename: 'x.png', value: png },
    ]);
  upload('path-traversal', 'filename ../../etc/passwd with non-image content', [
    { name: 'file', filename: '../../../../etc/passwd', value: 'root:x:0:0:root:/root:/bin/bash\n' },
  ]);
  upload('sql-injection', `studyRef ${SQL_INJECTIONS[1]}`, [
    { name: 'studyRef', value: SQL_INJECTIONS[1] },
    { name: 'file', filename: 'x.png', value: png },
  ]);
  upload('template-injection', 'patientRef {{7*7}}', [
    { name: 'patientRef', value: TEMPLATE_INJECTIONS[0] },
    { name: 'file', filename: 'x.png', value: png },
  ]);
  upload('invalid-utf8', 'patientRef with byte 0xFF', [
    { name: 'patientRef', value: Buffer.from([0x50, 0xff, 0xfe]) },
    { name: 'file', filename: 'x.png', value: png },
  ]);

  // --- dataset imports (MedMNIST .npz), admin only.
  dataset('not-an-image', 'not a zip', Buffer.from('train_images,train_labels\n1,2\n'));
  dataset(
    'not-an-image',
    'zip without the arrays',
    zipArchive([storedEntry('readme.txt', Buffer.from('hello'))]),
  );
  dataset(
    'wrong-type',
    'images stored as float32',
    medmnistNpz({
      train_images: { dtype: 'float32', shape: [4, 8, 8], data: new Float32Array(256) },
    }),
  );
  dataset(
    'wrong-type',
    'labels for 3 of 4 images',
    medmnistNpz({
      train_labels: { dtype: 'uint8', shape: [3, 1], data: new Uint8Array(3) },
    }),
  );
  dataset('wrong-type', 'three class names for two classes', medmnistNpz(), {
    classNames: 'normal,pneumonia,other',
  });
  dataset('sql-injection', `splits ${SQL_INJECTIONS[1]}`, medmnistNpz(), { splits: SQL_INJECTIONS[1] });
  dataset('template-injection', 'classNames {{7*7}},{{8*8}}', medmnistNpz(), {
    classNames: '{{7*7}},{{8*8}}',
  });
  dataset('path-traversal', 'classNames ../../etc,passwd', medmnistNpz(), { classNames: '../../etc,passwd' });
  dataset(
    'path-traversal',
    'only an entry named ../../etc/passwd.npy',
    zipArchive([storedEntry('../../etc/passwd.npy', npyClaiming('|u1', [4], 4))]),
  );
  dataset(
    'archive-bomb',
    'images whose NPY header claims 100000×100000×100000',
    zipArchive([
      storedEntry('train_images.npy', npyClaiming('|u1', [100_000, 100_000, 100_000], 64)),
      storedEntry('train_labels.npy', npyClaiming('|u1', [100_000], 64)),
    ]),
    { splits: 'train' },
  );
  dataset(
    'archive-bomb',
    'entry inflating to 64 MiB of zeros',
    zipArchive([zeroBombEntry('train_images.npy', 64 * 1024 * 1024)]),
    {
      splits: 'train',
    },
  );
  dataset(
    'archive-bomb',
    'entry claiming 4 GiB',
    zipArchive([lyingSizeEntry('train_images.npy', 0xfffffffe)]),
    {
      splits: 'train',
    },
  );
  const npz = medmnistNpz();
  dataset('truncated-file', 'npz cut in half', npz.subarray(0, npz.length >> 1));
  list.add('multipart', 'POST /dataset-imports', 'no file part', {
    path: '/dataset-imports',
    role: 'admin',
    headers: MULTIPART,
    raw: multipartBody([{ name: 'splits', value: 'train' }]),
  });
  list.add('auth', 'POST /dataset-imports', 'writer key (admin only)', {
    path: '/dataset-imports',
    role: 'writer',
    headers: MULTIPART,
    raw: multipartBody([{ name: 'file', filename: 'd.npz', value: npz }]),
  });
  list.add('auth', 'POST /dataset-imports', 'clinician key (admin only)', {
    path: '/dataset-imports',
    role: 'clinician',
    headers: MULTIPART,
    raw: multipartBody([{ name: 'file', filename: 'd.npz', value: npz }]),
  });

  // --- huge bodies.
  list.add('huge-body', 'POST /studies', '33 MiB file streamed (upload limit 32 MiB)', {
    path: '/studies',
    role: 'writer',
    headers: MULTIPART,
    raw: streamedUpload(UPLOAD_LIMIT_BYTES + 1024 * 1024, 'big.dcm'),
  });
  list.add('huge-body', 'POST /dataset-imports', '33 MiB file streamed (upload limit 32 MiB)', {
    path: '/dataset-imports',
    role: 'admin',
    headers: MULTIPART,
    raw: streamedUpload(UPLOAD_LIMIT_BYTES + 1024 * 1024, 'big.npz'),
  });
  list.add('huge-body', 'POST /studies/:id/review', '1.2 MiB comment (Content-Length)', {
    ...review,
    json: { decision: 'agree', comment: 'c'.repeat(1.2 * 1024 * 1024) },
  });
  list.add('huge-body', 'POST /training-runs', '2 MiB streamed without Content-Length', {
    ...training,
    headers: JSON_TYPE,
    raw: streamedJson('architecture', 2 * 1024 * 1024),
  });

  // --- reviews: malformed, wrong types, unknown fields, nesting, injection.
  for (const [label, body] of Object.entries(MALFORMED_JSON))
    list.add('malformed-json', 'POST /studies/:id/review', label, {
      ...review,
      headers: JSON_TYPE,
      raw: body,
    });
  list.add('prototype-pollution', 'POST /studies/:id/review', '__proto__ key', {
    ...review,
    headers: JSON_TYPE,
    raw: '{"decision": "agree", "__proto__": {"role": "admin"}}',
  });
  list.fieldMutations('wrong-type', 'POST /studies/:id/review', review, agree, {
    decision: [undefined, 'approve', 'AGREE', 1, null, ['agree']],
    comment: [5, 'c'.repeat(2001), { text: 'fine' }],
  });
  list.fieldMutations(
    'wrong-type',
    'POST /studies/:id/review',
    review,
    { decision: 'override' },
    {
      label: [undefined, '', 5, 'l'.repeat(65)],
    },
  );
  list.add('unknown-field', 'POST /studies/:id/review', 'extra field "reviewer"', {
    ...review,
    json: { ...agree, reviewer: 'dr-someone-else' },
  });
  list.add('deep-nesting', 'POST /studies/:id/review', 'decision holds 100,000 nested arrays', {
    ...review,
    headers: JSON_TYPE,
    raw: withDeepField({}, 'decision', deepArrays()),
  });
  list.add('deep-nesting', 'POST /studies/:id/review', 'comment holds 100,000 nested objects', {
    ...review,
    headers: JSON_TYPE,
    raw: withDeepField(agree, 'comment', deepObjects()),
  });
  for (const [label, bytes] of Object.entries(INVALID_UTF8).slice(0, 3))
    list.add('invalid-utf8', 'POST /studies/:id/review', `comment with ${label}`, {
      ...review,
      headers: JSON_TYPE,
      raw: jsonWithBytes('{"decision": "agree", "comment": "looks ', bytes, ' fine"}'),
    });
  list.fieldMutations(
    'sql-injection',
    'POST /studies/:id/review',
    review,
    {},
    { decision: [SQL_INJECTIONS[0]] },
  );
  list.fieldMutations(
    'sql-injection',
    'POST /studies/:id/review',
    review,
    { decision: 'override' },
    {
      label: [SQL_INJECTIONS[1]],
    },
  );
  list.fieldMutations(
    'template-injection',
    'POST /studies/:id/review',
    review,
    {},
    { decision: [TEMPLATE_INJECTIONS[0]] },
  );
  list.fieldMutations(
    'template-injection',
    'POST /studies/:id/review',
    review,
    { decision: 'override' },
    {
      label: [TEMPLATE_INJECTIONS[2]],
    },
  );
  list.fieldMutations(
    'path-traversal',
    'POST /studies/:id/review',
    review,
    { decision: 'override' },
    {
      label: [TRAVERSAL_VALUES[0]],
    },
  );
  list.add('path-traversal', 'POST /studies/:id/review', 'comment holds a NUL byte', {
    ...review,
    json: { ...agree, comment: 'fine\u0000' },
  });

  // --- training: malformed, wrong types, unknown fields, nesting, injection in the architecture name.
  for (const label of ['truncated object', 'unquoted keys', 'invalid escape'] as const)
    list.add('malformed-json', 'POST /training-runs', label, {
      ...training,
      headers: JSON_TYPE,
      raw: MALFORMED_JSON[label],
    });
  list.add('prototype-pollution', 'POST /training-runs', 'constructor.prototype key', {
    ...training,
    headers: JSON_TYPE,
    raw: '{"epochs": 1, "constructor": {"prototype": {"polluted": true}}}',
  });
  list.fieldMutations(
    'wrong-type',
    'POST /training-runs',
    training,
    {},
    {
      epochs: [0, 201, 1.5, '20'],
      batchSize: [4, 1024],
      pretrainEpochs: [-1, 51],
      architecture: ['resnet-9000', 5],
      targetSensitivity: [0.4, 1, 'high'],
      seed: [-1, 'forty-two'],
      search: [[], 'grid', { trials: 2 }, { trials: 28 }, { trials: 5, eta: 5 }],
    },
  );
  list.add('wrong-type', 'POST /training-runs', 'body is an array', { ...training, json: [] });
  list.add('wrong-type', 'POST /training-runs', 'body is a number', { ...training, json: 42 });
  list.add('unknown-field', 'POST /training-runs', 'extra field "gpu"', {
    ...training,
    json: { epochs: 1, gpu: true },
  });
  list.add('unknown-field', 'POST /training-runs', 'extra field inside search', {
    ...training,
    json: { search: { trials: 5, budget: 10 } },
  });
  list.add('deep-nesting', 'POST /training-runs', 'search holds 100,000 nested objects', {
    ...training,
    headers: JSON_TYPE,
    raw: withDeepField({}, 'search', deepObjects()),
  });
  list.add('invalid-utf8', 'POST /training-runs', 'architecture with byte 0xFF', {
    ...training,
    headers: JSON_TYPE,
    raw: jsonWithBytes('{"architecture": "cnn', [0xff], '"}'),
  });
  list.fieldMutations(
    'sql-injection',
    'POST /training-runs',
    training,
    {},
    { architecture: [SQL_INJECTIONS[1]] },
  );
  list.fieldMutations(
    'template-injection',
    'POST /training-runs',
    training,
    {},
    {
      architecture: [TEMPLATE_INJECTIONS[1], TEMPLATE_INJECTIONS[4]],
    },
  );
  list.fieldMutations(
    'path-traversal',
    'POST /training-runs',
    training,
    {},
    {
      architecture: ['../../models/evil', 'cnn\u0000'],
    },
  );

  // --- study ids: UUIDs only.
  for (const value of SQL_INJECTIONS.slice(0, 2))
    list.add('sql-injection', 'GET /studies/:id', `id ${value}`, {
      path: `/studies/${encoded(value)}`,
      role: 'clinician',
    });
  list.add('sql-injection', 'GET /studies/:id/heatmap.png', `id ${SQL_INJECTIONS[2]}`, {
    path: `/studies/${encoded(SQL_INJECTIONS[2])}/heatmap.png`,
    role: 'clinician',
  });
  list.add('sql-injection', 'GET /studies/:id/reviews', `id ${SQL_INJECTIONS[3]}`, {
    path: `/studies/${encoded(SQL_INJECTIONS[3])}/reviews`,
    role: 'clinician',
  });
  list.add('sql-injection', 'POST /studies/:id/review', `id ${SQL_INJECTIONS[0]}`, {
    path: `/studies/${encoded(SQL_INJECTIONS[0])}/review`,
    role: 'clinician',
    json: agree,
  });
  list.add('sql-injection', 'GET /queue', `limit=${SQL_INJECTIONS[0]}`, {
    path: `/queue?limit=${encoded(SQL_INJECTIONS[0])}`,
    role: 'clinician',
  });
  list.add('sql-injection', 'GET /studies', `offset=${SQL_INJECTIONS[1]}`, {
    path: `/studies?offset=${encoded(SQL_INJECTIONS[1])}`,
    role: 'clinician',
  });
  list.add('sql-injection', 'GET /queue', 'sort key "abnormality DESC; DROP TABLE studies"', {
    path: `/queue?sort=${encoded('abnormality DESC; DROP TABLE studies')}`,
    role: 'clinician',
  });
  list.add('template-injection', 'GET /studies/:id', 'id {{7*7}}', {
    path: `/studies/${encoded(TEMPLATE_INJECTIONS[0])}`,
    role: 'clinician',
  });
  list.add('template-injection', 'GET /queue', 'offset=#{7*7}', {
    path: `/queue?offset=${encoded(TEMPLATE_INJECTIONS[3])}`,
    role: 'clinician',
  });
  for (const segment of TRAVERSAL_SEGMENTS)
    list.add('path-traversal', 'GET /studies/:id', `id ${segment}`, {
      path: `/studies/${segment}`,
      role: 'clinician',
    });
  list.add('path-traversal', 'GET /studies/:id/heatmap.png', `id ${TRAVERSAL_SEGMENTS[0]}`, {
    path: `/studies/${TRAVERSAL_SEGMENTS[0]}/heatmap.png`,
    role: 'clinician',
  });
  list.add('path-traversal', 'GET /studies/:id/reviews', 'raw ../ in the path', {
    path: `/studies/../../etc/passwd/reviews`,
    role: 'clinician',
  });
  list.add('wrong-type', 'GET /queue', 'limit=0', { path: '/queue?limit=0', role: 'clinician' });
  list.add('wrong-type', 'GET /studies', 'limit=2.5', { path: '/studies?limit=2.5', role: 'clinician' });
  list.add('wrong-type', 'GET /studies', 'offset=-1', { path: '/studies?offset=-1', role: 'clinician' });

  // --- keys and roles: patient data is for clinicians, uploads for writers, the rest for admins.
  list.add('auth', 'POST /studies', 'reader key', {
    path: '/studies',
    role: 'reader',
    headers: MULTIPART,
    raw: multipartBody([{ name: 'file', filename: 'x.png', value: png }]),
  });
  list.add('auth', 'POST /studies', 'no key', {
    path: '/studies',
    headers: MULTIPART,
    raw: multipartBody([{ name: 'file', filename: 'x.png', value: png }]),
  });
  list.add('auth', 'GET /queue', 'writer key (clinician only)', { path: '/queue', role: 'writer' });
  list.add('auth', 'GET /queue', 'reader key (clinician only)', { path: '/queue', role: 'reader' });
  list.add('auth', 'GET /queue', 'no key', { path: '/queue' });
  list.add('auth', 'GET /studies', 'writer key (clinician only)', { path: '/studies', role: 'writer' });
  list.add('auth', 'GET /studies/:id', 'writer key (clinician only)', { path: study, role: 'writer' });
  list.add('auth', 'GET /studies/:id', 'reader key (clinician only)', { path: study, role: 'reader' });
  list.add('auth', 'GET /studies/:id/heatmap.png', 'writer key (clinician only)', {
    path: `${study}/heatmap.png`,
    role: 'writer',
  });
  list.add('auth', 'GET /studies/:id/reviews', 'writer key (clinician only)', {
    path: `${study}/reviews`,
    role: 'writer',
  });
  list.add('auth', 'POST /studies/:id/review', 'writer key (clinician only)', {
    path: `${study}/review`,
    role: 'writer',
    json: agree,
  });
  list.add('auth', 'POST /studies/:id/review', 'unknown key', {
    path: `${study}/review`,
    headers: { authorization: 'Bearer test-clinician-key-expired' },
    json: agree,
  });
  list.add('auth', 'POST /training-runs', 'clinician key (admin only)', {
    path: '/training-runs',
    role: 'clinician',
    json: {},
  });
  list.add('auth', 'POST /demo-data', 'clinician key (admin only)', {
    path: '/demo-data',
    role: 'clinician',
    json: {},
  });

  // --- content types.
  list.add('content-type', 'POST /studies', 'the image as a JSON body', {
    path: '/studies',
    role: 'writer',
    json: { file: png.toString('base64') },
  });
  list.add('content-type', 'POST /studies', 'the image as image/png', {
    path: '/studies',
    role: 'writer',
    headers: { 'content-type': 'image/png' },
    raw: png,
  });
  list.add('content-type', 'POST /studies/:id/review', 'JSON sent as text/plain', {
    ...review,
    headers: { 'content-type': 'text/plain' },
    raw: JSON.stringify(agree),
  });
  list.add('content-type', 'POST /studies/:id/review', 'application/xml', {
    ...review,
    headers: { 'content-type': 'application/xml' },
    raw: '<review decision="agree"/>',
  });
  list.add('content-type', 'POST /dataset-imports', 'the npz as application/octet-stream', {
    path: '/dataset-imports',
    role: 'admin',
    headers: { 'content-type': 'application/octet-stream' },
    raw: npz,
  });

  // --- ids that do not exist; routes that do not exist.
  list.add('missing-target', 'POST /studies/:id/review', 'a study that does not exist', {
    path: `/studies/${ABSENT_UUID}/review`,
    role: 'clinician',
    json: agree,
  });
  list.add('missing-target', 'GET /studies/:id', 'a study that does not exist', {
    path: `/studies/${ABSENT_UUID}`,
    role: 'clinician',
  });
  list.add('missing-target', 'GET /studies/:id/heatmap.png', 'a study not scored yet', {
    path: `${study}/heatmap.png`,
    role: 'clinician',
  });
  list.add('wrong-route', 'DELETE /studies/:id', 'studies cannot be deleted over HTTP', {
    path: study,
    role: 'admin',
  });
  list.add('wrong-route', 'PUT /studies/:id/review', 'reviews cannot be replaced', {
    ...review,
    json: agree,
  });
  list.add('wrong-route', 'PATCH /queue', 'no such route', { path: '/queue', role: 'admin', json: {} });

  addPlatformCases(list);
  return list.cases;
}
