/// The live view's one page: self-contained (its style and script inline,
/// allowed by a nonce; no font, image or script from anywhere else), made
/// for a projector: large type, high contrast, the diagram's colour-blind
/// safe colours (Okabe-Ito: a failure vermillion, a platform event blue,
/// the service's state yellow), each also told apart by more than colour.
/// It is a client of the documented API: `/events` for the state,
/// `/diagram.svg` and `/diagram.json` for the picture, `POST /run`.
enum LivePage {
    static func html(token: String, nonce: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="mabs-token" content="\(token)">
        <title>mabs live view</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <style nonce="\(nonce)">\(style)</style>
        </head>
        <body>
        <header>
          <h1>mabs <span class="quiet">live</span></h1>
          <nav id="views" aria-label="views"></nav>
          <div id="clock" class="clock" title="the simulated clock"></div>
        </header>
        <div id="banner" class="banner" role="status" aria-live="polite"></div>
        <main>
          <section id="picture" aria-label="the state machine">
            <div id="stage">
              <img id="diagram" alt="The lifecycle of a BizTalk Service">
              <div id="badges"></div>
            </div>
          </section>
          <aside>
            <section id="service" class="card" aria-label="the chosen service"><p class="quiet">No service yet: type <code>create contoso</code> at the prompt, or below.</p></section>
            <section class="card">
              <h2>Run a statement</h2>
              <form id="run"><input id="statement" autocomplete="off" spellcheck="false" aria-label="a statement" placeholder="create contoso"><button type="submit">Run</button></form>
              <pre id="result" class="result" hidden></pre>
            </section>
            <section class="card"><h2>Warnings</h2><div id="warnings"><p class="quiet">none yet</p></div></section>
            <section class="card"><h2>Log</h2><div id="log"></div></section>
            <section class="card"><h2>Backups</h2><div id="backups"></div></section>
            <section class="card"><h2>Armed failures</h2><div id="armed"></div></section>
          </aside>
        </main>
        <script nonce="\(nonce)">\(script)</script>
        </body>
        </html>

        """
    }

    static let style = """
        :root { --ink: #1a1a1a; --muted: #4d4d4d; --failure: #b53d00; --event: #0060a0; --current: #f0e442;
          --visited: #cde6f7; --paper: #ffffff; --wash: #f2f2f2; --line: #8c8c8c; }
        * { box-sizing: border-box; }
        html { font-size: 20px; }
        body { margin: 0; color: var(--ink); background: var(--paper); font-family: 'DejaVu Sans', Verdana, sans-serif; line-height: 1.35; }
        header { display: flex; align-items: center; gap: 1rem; padding: 0.5rem 1rem; border-bottom: 3px solid var(--ink); flex-wrap: wrap; }
        h1 { font-size: 1.5rem; margin: 0; }
        h2 { font-size: 1.05rem; margin: 0 0 0.4rem; }
        .quiet { color: var(--muted); font-weight: normal; }
        nav { display: flex; gap: 0.4rem; flex-wrap: wrap; }
        button { font: inherit; font-size: 0.9rem; color: var(--ink); background: var(--paper); border: 2px solid var(--ink); border-radius: 8px; padding: 0.2rem 0.6rem; cursor: pointer; }
        button:hover, button:focus-visible { background: var(--wash); outline: 3px solid var(--event); outline-offset: 1px; }
        button[aria-pressed="true"] { background: var(--ink); color: var(--paper); }
        .clock { margin-left: auto; font-size: 1.1rem; font-weight: bold; font-variant-numeric: tabular-nums; }
        .banner { padding: 0.35rem 1rem; font-size: 1.15rem; font-weight: bold; min-height: 2.1rem; border-bottom: 1px solid var(--line); }
        .banner.failure { color: var(--failure); }
        .banner.event { color: var(--event); }
        main { display: flex; gap: 1rem; padding: 0.6rem 1rem; align-items: flex-start; }
        #picture { flex: 1 1 64%; min-width: 0; }
        #stage { position: relative; }
        #diagram { display: block; width: 100%; height: auto; }
        #badges { position: absolute; inset: 0; pointer-events: none; }
        .badge { position: absolute; transform: translate(-50%, -100%); pointer-events: auto; font-size: clamp(13px, 1.05vw, 22px);
          font-weight: bold; padding: 0.1em 0.55em; border-radius: 999px; border: 3px solid var(--ink); background: var(--paper);
          box-shadow: 0 2px 0 rgba(0,0,0,0.35); white-space: nowrap; }
        .badge.failed { border-color: var(--failure); border-style: dashed; color: var(--failure); }
        .badge.chosen { background: var(--current); color: var(--ink); border-width: 4px; }
        aside { flex: 0 1 36%; min-width: 20rem; display: flex; flex-direction: column; gap: 0.7rem; }
        .card { border: 2px solid var(--ink); border-radius: 10px; padding: 0.6rem 0.8rem; }
        pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.8rem; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.3rem 0 0; }
        .ops { display: flex; flex-direction: column; gap: 0.35rem; margin: 0.4rem 0; }
        .ops button { text-align: left; }
        .ops .to { font-weight: normal; }
        .ops .fails { color: var(--failure); font-weight: normal; }
        .ops button.event { border-color: var(--event); border-style: dotted; color: var(--event); }
        .state { font-size: 1.2rem; font-weight: bold; }
        .state.failed { color: var(--failure); }
        form { display: flex; gap: 0.4rem; }
        input { font: inherit; font-family: 'DejaVu Sans Mono', monospace; font-size: 0.9rem; flex: 1; min-width: 0; padding: 0.2rem 0.4rem; border: 2px solid var(--ink); border-radius: 6px; }
        .result.error { color: var(--failure); }
        table { border-collapse: collapse; font-size: 0.72rem; width: 100%; }
        td { padding: 0.1rem 0.3rem; border-bottom: 1px solid var(--wash); vertical-align: top; }
        td.failed { color: var(--failure); font-weight: bold; }
        details summary { cursor: pointer; font-weight: bold; }
        .warning { color: var(--failure); }
        code { font-family: 'DejaVu Sans Mono', monospace; }
        """

    static let script = """
        'use strict';
        const token = document.querySelector('meta[name="mabs-token"]').content;
        const views = [['whole', 'Whole machine'], ['without-failures', 'Without failures'], ['without-delete', 'Without delete'],
          ['backups', 'Backup and restore'], ['around', 'Around the service']];
        let state = null, view = 'whole', chosen = null, geometry = null, drawn = '';
        const $ = (id) => document.getElementById(id);
        function element(tag, text, className) {
          const e = document.createElement(tag);
          if (text !== undefined && text !== null) e.textContent = text;
          if (className) e.className = className;
          return e;
        }
        for (const [name, title] of views) {
          const b = element('button', title);
          b.type = 'button';
          b.dataset.view = name;
          b.addEventListener('click', () => { view = name; draw(true); });
          $('views').append(b);
        }
        function focusName() {
          if (!state) return null;
          const names = state.services.map((s) => s.name);
          if (chosen && names.includes(chosen)) return chosen;
          const last = state.lastTransition && state.lastTransition.service;
          const found = state.services.find((s) => last && s.name.toLowerCase() === last.toLowerCase());
          return found ? found.name : (names[0] || null);
        }
        function query(extra) {
          const service = focusName();
          const parts = ['view=' + encodeURIComponent(view)];
          if (service) parts.push('service=' + encodeURIComponent(service));
          return parts.join('&') + (extra || '');
        }
        async function draw(force) {
          for (const b of $('views').children) b.setAttribute('aria-pressed', String(b.dataset.view === view));
          const q = query();
          if (!state || (!force && drawn === q + '#' + state.sequence)) return badges();
          if (view === 'around' && !focusName()) { view = 'whole'; return draw(true); }
          drawn = q + '#' + state.sequence;
          const answer = await fetch('/diagram.json?' + q);
          if (!answer.ok) return;
          geometry = await answer.json();
          $('diagram').src = '/diagram.svg?' + q + '&n=' + state.sequence;
          badges();
        }
        function badges() {
          const layer = $('badges');
          layer.replaceChildren();
          if (!state || !geometry) return;
          const focus = focusName();
          const byState = new Map();
          for (const s of state.services) {
            if (!geometry.states[s.state]) continue;
            if (!byState.has(s.state)) byState.set(s.state, []);
            byState.get(s.state).push(s);
          }
          for (const [name, services] of byState) {
            const box = geometry.states[name];
            const shown = services.slice(0, 4);
            shown.forEach((s, i) => {
              const b = element('button', s.name, 'badge' + (s.failed ? ' failed' : '') + (s.name === focus ? ' chosen' : ''));
              b.type = 'button';
              b.title = s.name + ' is ' + s.state;
              const x = box.x + box.width * (i + 1) / (shown.length + 1);
              b.style.left = (100 * x / geometry.width) + '%';
              b.style.top = (100 * (box.y + 4) / geometry.height) + '%';  // standing on the box: its name stays readable
              b.addEventListener('click', () => { chosen = s.name; render(); });
              layer.append(b);
            });
            if (services.length > shown.length) {
              const more = element('button', '+' + (services.length - shown.length), 'badge');
              more.style.left = (100 * (box.x + box.width) / geometry.width) + '%';
              more.style.top = (100 * (box.y + box.height) / geometry.height) + '%';
              more.title = services.slice(shown.length).map((s) => s.name).join(', ');
              layer.append(more);
            }
          }
        }
        function render() {
          if (!state) return;
          $('clock').textContent = 'clock ' + state.clock;
          const t = state.lastTransition;
          const banner = $('banner');
          banner.className = 'banner' + (t ? (t.succeeded ? (t.event ? ' event' : '') : ' failure') : '');
          banner.textContent = t ? (t.operation + ' ' + t.service + (t.succeeded ? '' : ' failed') + ': ' +
            (t.from || 'no service') + ' \\u2192 ' + (t.to || 'deleted') + (t.event ? ' (platform event)' : '')) : 'Nothing has run yet.';
          service();
          list($('warnings'), state.warnings, (w) => element('pre', w, 'warning'), 'none yet');
          logTable();
          list($('backups'), state.backups, (b) => { const d = element('details'); d.append(element('summary', b.name + ' (of ' + b.service + ', ' + b.taken + ')'), element('pre', b.show)); return d; }, 'no backups');
          list($('armed'), state.armedFailures, (a) => element('p', a.operation + ' on ' + a.service + ' fails next' + (a.count > 1 ? ' (' + a.count + ' runs)' : '')), 'none');
          $('run').hidden = !state.acceptsStatements;
          draw(false);
        }
        function list(target, items, make, empty) {
          target.replaceChildren(...(items.length ? items.map(make) : [element('p', empty, 'quiet')]));
        }
        function logTable() {
          const table = element('table');
          for (const entry of state.log.slice().reverse()) {
            const row = element('tr');
            row.append(element('td', entry.time), element('td', entry.service), element('td', entry.operation),
              element('td', entry.status, entry.status === 'Failed' ? 'failed' : ''), element('td', entry.detail));
            table.append(row);
          }
          $('log').replaceChildren(state.log.length ? table : element('p', 'no operations yet', 'quiet'));
        }
        function service() {
          const card = $('service');
          const name = focusName();
          const s = state.services.find((x) => x.name === name);
          if (!s) { card.replaceChildren(element('p', 'No service yet: type create contoso at the prompt, or below.', 'quiet')); return; }
          const parts = [element('h2', s.name), element('div', s.state, 'state' + (s.failed ? ' failed' : ''))];
          if (state.acceptsStatements && s.operations.length) {
            parts.push(element('div', 'What it allows now (click to run):', 'quiet'));
            const ops = element('div', null, 'ops');
            for (const op of s.operations) {
              const b = element('button', null, op.event ? 'event' : '');
              b.type = 'button';
              b.dataset.operation = op.operation;
              b.append(element('strong', op.operation + (op.complete ? '\\u2026' : '')), element('span', ' \\u2192 ' + (op.success || ''), 'to'));
              if (op.failure) b.append(element('span', '  (fails \\u2192 ' + op.failure + ')', 'fails'));
              if (op.event) b.append(element('span', '  platform event', 'to'));
              b.addEventListener('click', () => {
                if (op.complete) { $('statement').value = op.statement; $('statement').focus(); }
                else run(op.statement);
              });
              ops.append(b);
            }
            parts.push(ops);
          }
          const details = element('details');
          details.open = true;
          details.append(element('summary', 'show ' + s.name), element('pre', s.show));
          parts.push(details);
          card.replaceChildren(...parts);
        }
        async function run(statement) {
          const result = $('result');
          result.hidden = false;
          result.className = 'result';
          result.textContent = statement + ' \\u2026';
          try {
            const answer = await fetch('/run', { method: 'POST', headers: { 'X-Mabs-Token': token, 'Content-Type': 'text/plain; charset=utf-8' }, body: statement });
            const body = await answer.json();
            const diagnostics = (body.diagnostics || []).map((d) => d.text).join('');
            if (body.ran) {
              result.className = 'result' + (body.ok ? '' : ' error');
              result.textContent = 'mabs> ' + body.statement + '\\n' + body.output + diagnostics;
            } else {
              result.className = 'result error';
              result.textContent = body.error + (diagnostics ? '\\n' + diagnostics : '');
            }
          } catch (error) {
            result.className = 'result error';
            result.textContent = 'mabs is not answering: ' + error;
          }
        }
        $('run').addEventListener('submit', (event) => {
          event.preventDefault();
          const text = $('statement').value;
          if (text.trim()) { run(text); $('statement').value = ''; }
        });
        const events = new EventSource('/events');
        events.addEventListener('state', (event) => { state = JSON.parse(event.data); render(); });
        """

    /// The tab's icon: a service's badge.
    static let favicon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="2" y="8" width="28" height="16" rx="8" fill="#f0e442" stroke="#1a1a1a" stroke-width="3"/></svg>

        """
}
