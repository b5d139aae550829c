/**
 * The clinic's demo page: upload an image, see the decision, the heat map and the reading queue.
 * Self-contained (no build step, no CDN); it talks to the same API with the key typed in.
 */
export const DEMO_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>deepworks triage</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d232b; background: #f4f6f8; }
  header { background: #12355b; color: #fff; padding: 12px 24px; display: flex; gap: 16px; align-items: center; }
  header h1 { font-size: 18px; margin: 0; flex: 1; }
  main { display: grid; grid-template-columns: minmax(320px, 1fr) minmax(360px, 1.3fr); gap: 20px; padding: 20px 24px; }
  section { background: #fff; border-radius: 8px; padding: 16px 20px; box-shadow: 0 1px 3px #0002; }
  h2 { font-size: 16px; margin: 0 0 12px; }
  label { display: block; margin: 8px 0 4px; font-weight: 600; }
  input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 6px 8px; }
  button { margin-top: 12px; padding: 8px 16px; background: #12355b; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 700; }
  .urgent { background: #fde2e1; color: #a4161a; } .routine { background: #e2f3e6; color: #1e6b35; }
  .unscored { background: #eee; color: #555; }
  table { width: 100%; border-collapse: collapse; } td, th { text-align: left; padding: 5px 6px; border-bottom: 1px solid #eee; }
  #error { color: #a4161a; margin-top: 8px; min-height: 1.2em; }
  #heatmap { image-rendering: pixelated; width: 224px; height: 224px; border: 1px solid #ccc; display: none; }
  .bar { height: 8px; background: #12355b; border-radius: 4px; }
</style>
</head>
<body>
<header><h1>deepworks triage</h1>
  <span>API key</span><input id="key" type="password" style="width: 260px" aria-label="API key"></header>
<main>
  <section>
    <h2>New study</h2>
    <form id="upload">
      <label for="file">Image (PNG, JPEG or DICOM)</label><input id="file" name="file" type="file" required>
      <label for="patientRef">Patient reference (optional)</label><input id="patientRef" type="text">
      <button type="submit">Upload and score</button>
    </form>
    <div id="error" role="alert"></div>
    <div id="result" hidden>
      <h2>Result</h2>
      <p>Priority: <span id="decision" class="badge"></span> <span id="predicted"></span></p>
      <p>Abnormality: <strong id="abnormality"></strong> · confidence <span id="confidence"></span> · model v<span id="modelVersion"></span></p>
      <div id="probabilities"></div>
      <p>Where the model looked (Grad-CAM):</p>
      <img id="heatmap" alt="Grad-CAM heat map">
    </div>
  </section>
  <section>
    <h2>Reading queue <small>(urgent first)</small></h2>
    <table><thead><tr><th>Priority</th><th>Patient</th><th>Abnormality</th><th>Received</th></tr></thead>
    <tbody id="queue"></tbody></table>
  </section>
</main>
<script>
const keyInput = document.getElementById('key');
keyInput.value = localStorage.getItem('deepworks-triage-key') || '';
keyInput.addEventListener('change', () => { localStorage.setItem('deepworks-triage-key', keyInput.value); refreshQueue(); });
const auth = () => ({ authorization: 'Bearer ' + keyInput.value });
const text = (id, value) => { document.getElementById(id).textContent = value; };

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...auth(), ...(options.headers || {}) } });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error((body.error && body.error.message) || response.statusText);
  }
  return response;
}

async function refreshQueue() {
  if (!keyInput.value) return;
  try {
    const page = await (await api('/queue?limit=100')).json();
    const rows = document.getElementById('queue');
    rows.replaceChildren(...page.items.map((study) => {
      const row = document.createElement('tr');
      row.dataset.id = study.id;
      const cells = [study.priority, study.patientRef || '—',
        study.abnormality == null ? '—' : study.abnormality.toFixed(3), new Date(study.createdAt).toLocaleString()];
      cells.forEach((value, index) => {
        const cell = document.createElement('td');
        if (index === 0) { const badge = document.createElement('span'); badge.className = 'badge ' + value; badge.textContent = value; cell.append(badge); }
        else cell.textContent = value;
        row.append(cell);
      });
      return row;
    }));
  } catch (error) { text('error', error.message); }
}

document.getElementById('upload').addEventListener('submit', async (event) => {
  event.preventDefault();
  text('error', '');
  const form = new FormData();
  const patientRef = document.getElementById('patientRef').value.trim();
  if (patientRef) form.append('patientRef', patientRef);
  form.append('file', document.getElementById('file').files[0]);
  try {
    const accepted = await (await api('/studies', { method: 'POST', body: form })).json();
    const study = await (await api('/studies/' + accepted.id)).json();
    document.getElementById('result').hidden = false;
    const decision = document.getElementById('decision');
    decision.className = 'badge ' + study.priority;
    decision.textContent = study.priority;
    text('predicted', study.predictedClass ? 'most likely: ' + study.predictedClass : '(no model active yet)');
    text('abnormality', study.abnormality == null ? '—' : study.abnormality.toFixed(3));
    text('confidence', study.confidence == null ? '—' : (100 * study.confidence).toFixed(1) + '%');
    text('modelVersion', study.modelVersion ?? '—');
    const bars = Object.entries(study.probabilities || {}).map(([name, p]) => {
      const line = document.createElement('div');
      line.innerHTML = '<span></span><div class="bar"></div>';
      line.firstChild.textContent = name + ' ' + (100 * p).toFixed(1) + '%';
      line.lastChild.style.width = (100 * p).toFixed(1) + '%';
      return line;
    });
    document.getElementById('probabilities').replaceChildren(...bars);
    const image = document.getElementById('heatmap');
    if (study.heatmapUrl) {
      image.src = URL.createObjectURL(await (await api(study.heatmapUrl)).blob());
      image.style.display = 'block';
    } else image.style.display = 'none';
    await refreshQueue();
  } catch (error) { text('error', error.message); }
});
refreshQueue();
</script>
</body>
</html>
`;
