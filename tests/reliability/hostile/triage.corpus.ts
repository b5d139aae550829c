import type { HostileCase, HostileCategory, SeededFixtures } from './hostile-case.types';
import { ABSENT_UUID, HostileCaseList } from './hostile-case.list';
import {
  BOUNDARY,
  type FormPart,
  multipartBody,
  multipartType,
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
  SQL_INJECTIONS,
  TEMPLATE_INJECTIONS,
  TRAVERSAL_SEGMENTS,
  TRAVERSAL_VALUES,
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
  const upload = (
    category: HostileCategory,
    label: string,
    parts: FormPart[],
    options?: Parameters<typeof multipartBody>[1],
  ) =>
    list.add(category, 'POST /studies', label, {
      path: '/studies',
      role: 'writer',
      headers: MULTIPART,
      raw: multipartBody(parts, options),
    });
  const image = (category: HostileCategory, label: string, bytes: Buffer) =>
    upload(category, label, [{ name: 'file', filename: 'study.bin', value: bytes }]);
  /** POST /dataset-imports as an admin with this file (and fields). */
  const dataset = (
    category: HostileCategory,
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
  /** The valid image as the form's file part. */
  const pngPart: FormPart = { name: 'file', filename: 'x.png', value: png };

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
  upload('multipart', 'unknown field "role"', [{ name: 'role', value: 'admin' }, pngPart]);
  upload('multipart', 'empty file', [{ name: 'file', filename: 'x.png', value: Buffer.alloc(0) }]);
  upload('multipart', 'two files', [
    { name: 'file', filename: 'a.png', value: png },
    { name: 'file', filename: 'b.png', value: png },
  ]);
  upload('multipart', 'ten allowed fields (limit 8)', [
    ...Array.from({ length: 10 }, () => ({ name: 'patientRef', value: 'P-1' })),
    pngPart,
  ]);
  upload('multipart', 'patientRef of 2,000 characters (field limit 1 KiB)', [
    { name: 'patientRef', value: 'P'.repeat(2000) },
    pngPart,
  ]);
  upload('multipart', 'no form at all, only the closing boundary', []);
  upload('multipart', 'cut off before the closing boundary', [pngPart], { close: false });
  list.add('multipart', 'POST /studies', 'content type without a boundary', {
    path: '/studies',
    role: 'writer',
    headers: { 'content-type': 'multipart/form-data' },
    raw: multipartBody([pngPart]),
  });
  upload('multipart', 'body uses another boundary', [pngPart], { boundary: `${BOUNDARY}-other` });
  list.add('multipart', 'POST /studies', 'part headers never end', {
    path: '/studies',
    role: 'writer',
    headers: MULTIPART,
    raw: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\n${'X-Pad: y\r\n'.repeat(2000)}`,
  });
  upload('missing-target', 'a studyRef that already exists', [
    { name: 'studyRef', value: seeded.studyRef },
    pngPart,
  ]);

  // --- injection and traversal in form fields (with a valid image, so only the field is wrong).
  for (const value of TRAVERSAL_VALUES.slice(0, 3))
    upload('path-traversal', `patientRef ${JSON.stringify(value)}`, [{ name: 'patientRef', value }, pngPart]);
  upload('path-traversal', 'filename ../../etc/passwd with non-image content', [
    { name: 'file', filename: '../../../../etc/passwd', value: 'root:x:0:0:root:/root:/bin/bash\n' },
  ]);
  upload('sql-injection', `studyRef ${SQL_INJECTIONS[1]}`, [
    { name: 'studyRef', value: SQL_INJECTIONS[1] },
    pngPart,
  ]);
  upload('template-injection', 'patientRef {{7*7}}', [
    { name: 'patientRef', value: TEMPLATE_INJECTIONS[0] },
    pngPart,
  ]);
  upload('invalid-utf8', 'patientRef with byte 0xFF', [
    { name: 'patientRef', value: Buffer.from([0x50, 0xff, 0xfe]) },
    pngPart,
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
  list.refusedKeys(
    'POST /dataset-imports',
    {
      path: '/dataset-imports',
      headers: MULTIPART,
      raw: multipartBody([{ name: 'file', filename: 'd.npz', value: npz }]),
    },
    ['writer', 'clinician'],
    'admin',
  );

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
  list.streamedHugeJson('POST /training-runs', training, 'architecture');

  // --- reviews: malformed, wrong types, unknown fields, nesting, injection.
  const reviewFields = list.fieldMutations('POST /studies/:id/review', review);
  const overrideFields = list.fieldMutations('POST /studies/:id/review', review, { decision: 'override' });
  list.malformedJson({ 'POST /studies/:id/review': review });
  list.rawJson(
    'prototype-pollution',
    'POST /studies/:id/review',
    '__proto__ key',
    review,
    '{"decision": "agree", "__proto__": {"role": "admin"}}',
  );
  list.fieldMutations(
    'POST /studies/:id/review',
    review,
    agree,
  )('wrong-type', {
    decision: [undefined, 'approve', 'AGREE', 1, null, ['agree']],
    comment: [5, 'c'.repeat(2001), { text: 'fine' }],
  });
  overrideFields('wrong-type', { label: [undefined, '', 5, 'l'.repeat(65)] });
  list.unknownField('POST /studies/:id/review', review, agree, 'reviewer', 'dr-someone-else');
  list.deepField('POST /studies/:id/review', review, 'decision', 'arrays');
  list.deepField('POST /studies/:id/review', review, 'comment', 'objects', agree);
  list.invalidUtf8(
    'POST /studies/:id/review',
    review,
    'comment',
    ['{"decision": "agree", "comment": "looks ', ' fine"}'],
    [0, 3],
  );
  reviewFields('sql-injection', { decision: [SQL_INJECTIONS[0]] });
  overrideFields('sql-injection', { label: [SQL_INJECTIONS[1]] });
  reviewFields('template-injection', { decision: [TEMPLATE_INJECTIONS[0]] });
  overrideFields('template-injection', { label: [TEMPLATE_INJECTIONS[2]] });
  overrideFields('path-traversal', { label: [TRAVERSAL_VALUES[0]] });
  list.add('path-traversal', 'POST /studies/:id/review', 'comment holds a NUL byte', {
    ...review,
    json: { ...agree, comment: 'fine\u0000' },
  });

  // --- training: malformed, wrong types, unknown fields, nesting, injection in the architecture name.
  const trainingFields = list.fieldMutations('POST /training-runs', training);
  list.malformedJson({ 'POST /training-runs': training }, [
    'truncated object',
    'unquoted keys',
    'invalid escape',
  ]);
  list.rawJson(
    'prototype-pollution',
    'POST /training-runs',
    'constructor.prototype key',
    training,
    '{"epochs": 1, "constructor": {"prototype": {"polluted": true}}}',
  );
  trainingFields('wrong-type', {
    epochs: [0, 201, 1.5, '20'],
    batchSize: [4, 1024],
    pretrainEpochs: [-1, 51],
    architecture: ['resnet-9000', 5],
    targetSensitivity: [0.4, 1, 'high'],
    seed: [-1, 'forty-two'],
    search: [[], 'grid', { trials: 2 }, { trials: 28 }, { trials: 5, eta: 5 }],
  });
  list.jsonBodies('wrong-type', 'POST /training-runs', training, {
    'body is an array': [],
    'body is a number': 42,
  });
  list.unknownField('POST /training-runs', training, { epochs: 1 }, 'gpu', true);
  list.add('unknown-field', 'POST /training-runs', 'extra field inside search', {
    ...training,
    json: { search: { trials: 5, budget: 10 } },
  });
  list.deepField('POST /training-runs', training, 'search', 'objects');
  list.invalidUtf8(
    'POST /training-runs',
    training,
    'architecture',
    ['{"architecture": "cnn', '"}'],
    [0, 1], // byte 0xFF
  );
  trainingFields('sql-injection', { architecture: [SQL_INJECTIONS[1]] });
  trainingFields('template-injection', { architecture: [TEMPLATE_INJECTIONS[1], TEMPLATE_INJECTIONS[4]] });
  trainingFields('path-traversal', { architecture: ['../../models/evil', 'cnn\u0000'] });

  // --- study ids: UUIDs only.
  const clinician = { role: 'clinician' } as const;
  const queue = { path: '/queue', role: 'clinician' } as const;
  const studies = { path: '/studies', role: 'clinician' } as const;
  list.injectedIds('sql-injection', 'GET /studies/:id', clinician, SQL_INJECTIONS.slice(0, 2));
  list.injectedIds('sql-injection', 'GET /studies/:id/heatmap.png', clinician, [SQL_INJECTIONS[2]]);
  list.injectedIds('sql-injection', 'GET /studies/:id/reviews', clinician, [SQL_INJECTIONS[3]]);
  list.injectedIds('sql-injection', 'POST /studies/:id/review', { ...clinician, json: agree }, [
    SQL_INJECTIONS[0],
  ]);
  list.queryValues('sql-injection', 'GET /queue', queue, { limit: SQL_INJECTIONS[0] });
  list.queryValues('sql-injection', 'GET /studies', studies, { offset: SQL_INJECTIONS[1] });
  list.sqlSortKey('GET /queue', queue, 'abnormality DESC; DROP TABLE studies');
  list.injectedIds('template-injection', 'GET /studies/:id', clinician, [TEMPLATE_INJECTIONS[0]]);
  list.queryValues('template-injection', 'GET /queue', queue, { offset: TEMPLATE_INJECTIONS[3] });
  list.traversalIds('GET /studies/:id', clinician, TRAVERSAL_SEGMENTS);
  list.traversalIds('GET /studies/:id/heatmap.png', clinician, [TRAVERSAL_SEGMENTS[0]]);
  list.add('path-traversal', 'GET /studies/:id/reviews', 'raw ../ in the path', {
    path: `/studies/../../etc/passwd/reviews`,
    role: 'clinician',
  });
  list.add('wrong-type', 'GET /queue', 'limit=0', { path: '/queue?limit=0', role: 'clinician' });
  list.add('wrong-type', 'GET /studies', 'limit=2.5', { path: '/studies?limit=2.5', role: 'clinician' });
  list.add('wrong-type', 'GET /studies', 'offset=-1', { path: '/studies?offset=-1', role: 'clinician' });

  // --- keys and roles: patient data is for clinicians, uploads for writers, the rest for admins.
  const pngUpload = { path: '/studies', headers: MULTIPART, raw: multipartBody([pngPart]) };
  list.refusedKeys('POST /studies', pngUpload, ['reader', 'none']);
  list.refusedKeys('GET /queue', { path: '/queue' }, ['writer', 'reader', 'none'], 'clinician');
  list.refusedKeys('GET /studies', { path: '/studies' }, ['writer'], 'clinician');
  list.refusedKeys('GET /studies/:id', { path: study }, ['writer', 'reader'], 'clinician');
  list.refusedKeys('GET /studies/:id/heatmap.png', { path: `${study}/heatmap.png` }, ['writer'], 'clinician');
  list.refusedKeys('GET /studies/:id/reviews', { path: `${study}/reviews` }, ['writer'], 'clinician');
  list.refusedKeys(
    'POST /studies/:id/review',
    { path: `${study}/review`, json: agree },
    ['writer'],
    'clinician',
  );
  list.add('auth', 'POST /studies/:id/review', 'unknown key', {
    path: `${study}/review`,
    headers: { authorization: 'Bearer test-clinician-key-expired' },
    json: agree,
  });
  list.refusedKeys('POST /training-runs', { path: '/training-runs', json: {} }, ['clinician'], 'admin');
  list.refusedKeys('POST /demo-data', { path: '/demo-data', json: {} }, ['clinician'], 'admin');

  // --- content types.
  list.add('content-type', 'POST /studies', 'the image as a JSON body', {
    path: '/studies',
    role: 'writer',
    json: { file: png.toString('base64') },
  });
  list.contentType(
    'POST /studies',
    'the image as image/png',
    { path: '/studies', role: 'writer' },
    'image/png',
    png,
  );
  list.contentType(
    'POST /studies/:id/review',
    'JSON sent as text/plain',
    review,
    'text/plain',
    JSON.stringify(agree),
  );
  list.contentType(
    'POST /studies/:id/review',
    'application/xml',
    review,
    'application/xml',
    '<review decision="agree"/>',
  );
  list.contentType(
    'POST /dataset-imports',
    'the npz as application/octet-stream',
    { path: '/dataset-imports', role: 'admin' },
    'application/octet-stream',
    npz,
  );

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
