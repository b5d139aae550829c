/** The dashboard's HTML: static, no data and no key in it (the key is typed in and kept in localStorage). */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>deepworks · sentiment monitor</title>
  <link rel="stylesheet" href="/dashboard/uplot.css">
  <link rel="stylesheet" href="/dashboard/dashboard.css">
</head>
<body>
  <header>
    <h1>Financial-news sentiment</h1>
    <form id="key-form" autocomplete="off">
      <label for="api-key">API key</label>
      <input id="api-key" type="password" placeholder="paste a reader (or writer) key">
      <button type="submit">Connect</button>
    </form>
    <span id="status" class="status" data-state="idle">not connected</span>
    <span id="model" class="model"></span>
  </header>
  <main>
    <section class="charts">
      <div class="chart-head">
        <h2>Mean sentiment per topic</h2>
        <select id="granularity" aria-label="Bucket size">
          <option value="minute">per minute</option>
          <option value="hour" selected>per hour</option>
          <option value="day">per day</option>
        </select>
      </div>
      <p class="hint">p(positive) − p(negative), averaged over the articles of each bucket (UTC).</p>
      <div id="polarity-chart" class="chart"></div>
      <h2>Negative articles per topic</h2>
      <div id="negative-chart" class="chart"></div>
    </section>
    <section class="alerts">
      <h2>Alerts</h2>
      <ul id="alerts"></ul>
    </section>
    <section class="articles">
      <h2>Latest articles</h2>
      <ul id="articles"></ul>
    </section>
  </main>
  <p id="error" class="error" role="alert"></p>
  <script src="/dashboard/uplot.js"></script>
  <script src="/dashboard/dashboard.js"></script>
</body>
</html>
`;

export const DASHBOARD_CSS = `
:root { font-family: system-ui, sans-serif; color: #1d232a; background: #f6f7f9; }
body { margin: 0; }
header { display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; padding: .75rem 1.25rem;
  background: #16202c; color: #fff; }
header h1 { font-size: 1.1rem; margin: 0 1rem 0 0; }
header input { width: 18rem; }
.status { padding: .15rem .5rem; border-radius: .75rem; background: #555; font-size: .85rem; }
.status[data-state="live"] { background: #1f8a4c; }
.status[data-state="error"] { background: #b3261e; }
.model { font-size: .85rem; opacity: .8; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1rem; padding: 1rem 1.25rem; }
section { background: #fff; border-radius: .5rem; padding: .75rem 1rem; box-shadow: 0 1px 2px #0002; }
.charts { grid-column: 1 / 3; }
.chart-head { display: flex; justify-content: space-between; align-items: center; }
h2 { font-size: 1rem; margin: .25rem 0 .5rem; }
.hint { margin: 0 0 .5rem; font-size: .8rem; color: #556; }
ul { list-style: none; margin: 0; padding: 0; }
#alerts li, #articles li { border-bottom: 1px solid #e3e6ea; padding: .5rem 0; }
#alerts li.acknowledged { opacity: .55; }
.meta { font-size: .8rem; color: #556; }
.label { display: inline-block; min-width: 4.5rem; margin-right: .5rem; font-weight: 600; }
.label.negative { color: #b3261e; } .label.positive { color: #1f8a4c; } .label.neutral { color: #556; }
mark { border-radius: .2rem; padding: 0 .1rem; color: inherit; }
.error { color: #b3261e; padding: 0 1.25rem; }
button { cursor: pointer; }
`;
