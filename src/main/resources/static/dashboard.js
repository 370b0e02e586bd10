// The operations dashboard: polls the REST API with the token the user gives (kept for this tab
// only) and shows running operations, recent ones, and imports a dropped file.
(() => {
  const API = '/api/data-migration';
  const POLL_MS = 1000;
  const $ = (id) => document.getElementById(id);
  let token = sessionStorage.getItem('migrationToken') || '';

  const headers = () => ({ Authorization: 'Bearer ' + token });

  async function call(path, init = {}) {
    const response = await fetch(API + path, { ...init, headers: { ...headers(), ...(init.headers || {}) } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok && !(response.status === 422 && body.operationId)) {
      throw new Error(body.message || ('HTTP ' + response.status));
    }
    return body;
  }

  function text(tag, value, className) {
    const el = document.createElement(tag);
    el.textContent = value == null ? '' : String(value);
    if (className) el.className = className;
    return el;
  }

  function describe(op) {
    const total = op.totalRecords ? ' of about ' + op.totalRecords.toLocaleString() : '';
    const rate = op.recordsPerSecond ? ', ' + Math.round(op.recordsPerSecond).toLocaleString() + ' records/s' : '';
    const eta = op.estimatedCompletion ? ', done about ' + new Date(op.estimatedCompletion).toLocaleTimeString() : '';
    return (op.processedRecords || 0).toLocaleString() + ' records' + total + rate + eta;
  }

  function activeItem(op) {
    const item = document.createElement('li');
    item.dataset.operationId = op.operationId;
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.setAttribute('role', 'progressbar');
    const fill = document.createElement('div');
    fill.className = 'fill';
    bar.append(fill);
    const cancel = text('button', 'Cancel');
    cancel.addEventListener('click', () => call('/operations/' + op.operationId + '/cancel', { method: 'POST' })
      .catch(showProblem));
    const line = document.createElement('div');
    line.append(text('span', '', 'muted'), cancel);
    item.append(text('div', ''), bar, line);
    return item;
  }

  // items are kept and updated in place, so a bar grows smoothly and a Cancel button stays put
  function renderActive(ops) {
    const list = $('active');
    const known = new Map([...list.children].map((item) => [item.dataset.operationId, item]));
    list.replaceChildren(...ops.map((op) => {
      const item = known.get(op.operationId) || activeItem(op);
      item.children[0].textContent = op.type + ' of ' + (op.dataType || '…') + (op.source ? ' from ' + op.source : '')
        + ' by ' + op.user + ' · ' + op.progress + '%';
      item.children[1].setAttribute('aria-valuenow', op.progress);
      item.children[1].firstChild.style.width = op.progress + '%';
      item.children[2].firstChild.textContent = describe(op) + ' ';
      return item;
    }));
    $('active-empty').hidden = ops.length > 0;
  }

  function renderHistory(ops) {
    $('history').tBodies[0].replaceChildren(...ops.map((op) => {
      const row = document.createElement('tr');
      const errors = (op.errors || []).slice(0, 3).map((e) => (e.record ? '#' + e.record + ': ' : '') + (e.error || e));
      row.append(
        text('td', new Date(op.startTime).toLocaleString()), text('td', op.type), text('td', op.dataType),
        text('td', op.source), text('td', op.status, 'status-' + op.status), text('td', op.successfulRecords),
        text('td', op.failedRecords), text('td', op.skippedRecords), text('td', op.duplicateRecords),
        text('td', errors.join('\n')));
      return row;
    }));
  }

  function showProblem(error) {
    $('problem').textContent = error ? error.message : '';
  }

  async function refresh() {
    if (!token) {
      showProblem(new Error('Give an API token to see operations.'));
      return;
    }
    try {
      const [active, history] = await Promise.all([call('/operations/active'), call('/operations/history?limit=20')]);
      renderActive(active);
      renderHistory(history);
      showProblem(null);
    } catch (error) {
      showProblem(error);
    }
  }

  async function upload(file) {
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('dataType', $('data-type').value);
    if ($('error-handling').value) {
      form.append('options', JSON.stringify({ errorHandling: $('error-handling').value }));
    }
    $('upload-result').textContent = 'Importing ' + file.name + '…';
    try {
      const result = await call('/import', { method: 'POST', body: form });
      $('upload-result').textContent = file.name + ': ' + result.status + ', ' + result.successfulRecords + ' of '
        + result.totalRecords + ' records stored' + (result.message ? ' (' + result.message + ')' : '');
    } catch (error) {
      $('upload-result').textContent = file.name + ': ' + error.message;
    }
    refresh();
  }

  const zone = $('drop-zone');
  zone.addEventListener('dragover', (event) => { event.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    for (const file of event.dataTransfer.files) upload(file);
  });
  $('file').addEventListener('change', (event) => {
    for (const file of event.target.files) upload(file);
    event.target.value = '';
  });
  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    token = $('token').value.trim();
    sessionStorage.setItem('migrationToken', token);
    $('token').value = '';
    refresh();
  });

  refresh();
  setInterval(refresh, POLL_MS);
})();
