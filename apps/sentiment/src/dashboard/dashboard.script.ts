/**
 * The dashboard's browser code (plain ES2020, no build step; String.raw keeps its regexes and escapes
 * as written, and it uses no template literals). Server-sent events are read with fetch, not
 * EventSource, because EventSource cannot send the API key header.
 */
export const DASHBOARD_SCRIPT = String.raw`(function () {
  'use strict';
  var KEY_STORAGE = 'deepworks.sentiment.apiKey';
  var COLOURS = ['#1565c0', '#c62828', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#5d4037', '#ad1457'];
  var state = { key: localStorage.getItem(KEY_STORAGE) || '', abort: null, charts: {}, timers: {} };

  function byId(id) { return document.getElementById(id); }
  function setStatus(kind, text) { var el = byId('status'); el.dataset.state = kind; el.textContent = text; }
  function showError(message) { byId('error').textContent = message || ''; }
  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  async function api(path, method) {
    var response = await fetch(path, { method: method || 'GET', headers: { authorization: 'Bearer ' + state.key } });
    var body = await response.json().catch(function () { return null; });
    if (!response.ok) throw new Error((body && body.error && body.error.message) || ('HTTP ' + response.status));
    return body;
  }

  // ---- latest articles, with the words that moved each score highlighted
  // Words are shaded by |weight| relative to the article's strongest word; faint ones are left plain.
  function highlighted(text, contributions) {
    var weights = {};
    var strongest = 0;
    (contributions || []).forEach(function (entry) {
      weights[entry.token] = entry.weight;
      strongest = Math.max(strongest, Math.abs(entry.weight));
    });
    var fragment = document.createDocumentFragment();
    text.split(/([\p{L}\p{N}$][\p{L}\p{N}'&$]*)/u).forEach(function (piece, index) {
      var weight = index % 2 === 1 ? weights[piece.toLowerCase()] : undefined;
      var strength = weight === undefined || strongest === 0 ? 0 : Math.abs(weight) / strongest;
      if (strength < 0.2) { fragment.appendChild(document.createTextNode(piece)); return; }
      var mark = element('mark', weight > 0 ? 'pos' : 'neg', piece);
      mark.style.backgroundColor = (weight > 0 ? 'rgba(31, 138, 76, ' : 'rgba(179, 38, 30, ') + (0.15 + 0.45 * strength) + ')';
      mark.title = (weight > 0 ? '+' : '') + weight.toFixed(3) + ' towards ' + (weight > 0 ? 'positive' : 'negative');
      fragment.appendChild(mark);
    });
    return fragment;
  }

  async function refreshArticles() {
    var page = await api('/articles?limit=20');
    var list = byId('articles');
    list.replaceChildren();
    page.items.forEach(function (article) {
      var item = element('li');
      item.dataset.id = article.id;
      var score = article.score;
      item.appendChild(element('span', 'label ' + (score ? score.label : 'pending'), score ? score.label : 'pending'));
      var text = element('span', 'text');
      text.appendChild(highlighted(article.text, score && score.contributions));
      item.appendChild(text);
      var meta = [new Date(article.publishedAt).toISOString().slice(0, 16).replace('T', ' ')];
      if (score) {
        meta.push('p(neg) ' + score.probabilities.negative.toFixed(2) + ' · p(neu) ' +
          score.probabilities.neutral.toFixed(2) + ' · p(pos) ' + score.probabilities.positive.toFixed(2));
        if (score.topics.length) meta.push('topics: ' + score.topics.join(', '));
        if (score.tickers.length) meta.push('tickers: ' + score.tickers.join(', '));
        meta.push('model v' + score.modelVersion);
      }
      item.appendChild(element('div', 'meta', meta.join(' · ')));
      list.appendChild(item);
    });
  }

  // ---- alerts
  async function refreshAlerts() {
    var page = await api('/alerts?limit=20');
    var list = byId('alerts');
    list.replaceChildren();
    if (page.items.length === 0) list.appendChild(element('li', 'meta', 'No alerts.'));
    page.items.forEach(function (alert) {
      var item = element('li', alert.acknowledgedAt ? 'acknowledged' : '');
      item.dataset.id = alert.id;
      item.appendChild(element('strong', '', alert.topic + ': negative surge'));
      item.appendChild(element('div', 'meta',
        alert.bucketStart.slice(0, 16).replace('T', ' ') + ' UTC · ' + alert.negative + ' of ' + alert.articles +
        ' negative (' + Math.round(alert.negativeShare * 100) + '% vs ' + Math.round(alert.baselineShare * 100) +
        '% usual) · z ' + alert.shareZ.toFixed(1)));
      if (alert.acknowledgedAt) {
        item.appendChild(element('div', 'meta', 'acknowledged by ' + alert.acknowledgedBy));
      } else {
        var button = element('button', '', 'Acknowledge');
        button.addEventListener('click', function () {
          api('/alerts/' + alert.id + '/acknowledge', 'POST').then(refreshAlerts).catch(function (error) {
            showError('Acknowledging needs a writer key: ' + error.message);
          });
        });
        item.appendChild(button);
      }
      list.appendChild(item);
    });
  }

  // ---- charts (uPlot)
  function drawChart(name, page, valueOf) {
    var host = byId(name + '-chart');
    var times = {};
    page.series.forEach(function (series) {
      series.points.forEach(function (point) { times[Date.parse(point.bucketStart) / 1000] = true; });
    });
    var xs = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
    var keys = page.series.map(function (series) { return series.key; });
    var data = [xs].concat(page.series.map(function (series) {
      var byTime = {};
      series.points.forEach(function (point) { byTime[Date.parse(point.bucketStart) / 1000] = valueOf(point); });
      return xs.map(function (x) { return x in byTime ? byTime[x] : null; });
    }));
    var existing = state.charts[name];
    if (existing && existing.keys === keys.join('|')) { existing.plot.setData(data); return; }
    if (existing) existing.plot.destroy();
    host.replaceChildren();
    if (xs.length === 0) { host.appendChild(element('p', 'meta', 'No scored articles yet.')); delete state.charts[name]; return; }
    var options = {
      width: Math.max(320, host.clientWidth || 800),
      height: 220,
      scales: { x: { time: true } },
      series: [{}].concat(keys.map(function (key, index) {
        return { label: key, stroke: COLOURS[index % COLOURS.length], width: 2, spanGaps: name === 'polarity' };
      })),
    };
    state.charts[name] = { keys: keys.join('|'), plot: new uPlot(options, data, host) };
  }

  async function refreshCharts() {
    var granularity = byId('granularity').value;
    var page = await api('/monitoring/buckets?dimension=topic&buckets=48&granularity=' + granularity);
    drawChart('polarity', page, function (point) { return point.meanPolarity; });
    drawChart('negative', page, function (point) { return point.negative; });
  }

  async function refreshModel() {
    var versions = await api('/models?task=sentiment');
    var active = versions.filter(function (version) { return version.status === 'active'; })[0];
    byId('model').textContent = active
      ? 'model v' + active.version + (active.metrics.macro_f1 !== undefined ? ' · held-out macro-F1 ' + active.metrics.macro_f1.toFixed(3) : '')
      : 'no active model';
  }

  var REFRESH = { articles: refreshArticles, alerts: refreshAlerts, charts: refreshCharts, model: refreshModel };

  // Bursts of events (one per scored batch) cause one refresh of each part.
  function schedule(part) {
    clearTimeout(state.timers[part]);
    state.timers[part] = setTimeout(function () {
      REFRESH[part]().catch(function (error) { showError(error.message); });
    }, 300);
  }

  function onEvent(type) {
    if (type === 'articles.scored') { schedule('articles'); schedule('charts'); }
    if (type === 'alert.raised' || type === 'alert.acknowledged') schedule('alerts');
    if (type === 'model.promoted') { schedule('model'); schedule('articles'); }
  }

  async function listen() {
    if (state.abort) state.abort.abort();
    var controller = new AbortController();
    state.abort = controller;
    try {
      var response = await fetch('/events/stream', {
        headers: { authorization: 'Bearer ' + state.key, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!response.ok) throw new Error('events: HTTP ' + response.status);
      setStatus('live', 'live');
      var reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      var buffer = '';
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) break;
        buffer += chunk.value;
        var end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          var block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          var type = (block.match(/^event: ?(.*)$/m) || [])[1];
          if (type) onEvent(type.trim());
        }
      }
      throw new Error('event stream closed');
    } catch (error) {
      if (controller.signal.aborted) return;
      setStatus('error', 'reconnecting…');
      setTimeout(listen, 2000);
    }
  }

  async function start() {
    showError('');
    if (!state.key) { setStatus('idle', 'enter an API key'); return; }
    setStatus('idle', 'connecting…');
    try {
      await Promise.all([refreshModel(), refreshArticles(), refreshAlerts(), refreshCharts()]);
    } catch (error) {
      setStatus('error', 'not connected');
      showError(error.message);
      return;
    }
    listen();
  }

  byId('api-key').value = state.key;
  byId('key-form').addEventListener('submit', function (event) {
    event.preventDefault();
    state.key = byId('api-key').value.trim();
    localStorage.setItem(KEY_STORAGE, state.key);
    start();
  });
  byId('granularity').addEventListener('change', function () {
    Object.keys(state.charts).forEach(function (name) { state.charts[name].plot.destroy(); });
    state.charts = {};
    refreshCharts().catch(function (error) { showError(error.message); });
  });
  start();
})();
`;
