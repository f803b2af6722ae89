// Keel — drag and drop for the backlog and the board.
// Everything here also works without the script, through the forms on each
// row and card; this only makes it direct. A move is sent to the JSON API
// with the version the page showed (If-Match): if someone changed the feature
// meanwhile, the server refuses (412) and the page says so and reloads.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var csrf = document.querySelector('meta[name="csrf-token"]');
  csrf = csrf ? csrf.getAttribute('content') : '';
  var live = document.querySelector('[data-live]');

  function say(text, isError) {
    if (!live) return;
    live.textContent = text;
    live.classList.toggle('error', !!isError);
  }

  // Sends a move to the API; resolves {ok, status, data}.
  function send(item, body) {
    var key = item.getAttribute('data-key');
    return fetch('/api/v1/features/' + encodeURIComponent(key) + '/move', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        'If-Match': '"' + item.getAttribute('data-version') + '"',
        'X-CSRF-Token': csrf
      },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().then(function (data) { return { ok: res.ok, status: res.status, data: data }; });
    });
  }

  // Sends the move; on success updates the item's version, into a full Now
  // asks what moves out, else reports and reloads.
  function move(item, body) {
    var key = item.getAttribute('data-key');
    say('Moving ' + key + '…');
    return send(item, body).then(function (r) {
      if (r.ok) {
        item.setAttribute('data-version', String(r.data.version));
        var badge = item.querySelector('.hz-now, .hz-next, .hz-later, .hz-unplanned');
        if (badge && body.horizon) badge.className = 'badge hz-' + body.horizon;
        say(key + ' moved.');
        return;
      }
      if (r.status === 409 && r.data && r.data.now && body.horizon === 'now') {
        say(r.data.error.message, true);
        tradeoff(item, body, r.data);
        return;
      }
      var msg = (r.data && r.data.error && r.data.error.message) || ('error ' + r.status);
      if (r.status === 412) msg = key + ' was changed by someone else since this page loaded. Reloading…';
      say(msg, true);
      setTimeout(function () { location.reload(); }, r.status === 412 ? 1500 : 2500);
    }).catch(function () {
      say('The server could not be reached; nothing was moved. Reloading…', true);
      setTimeout(function () { location.reload(); }, 2500);
    });
  }

  // Focus: Now is full. A dialog lists what is in Now with sizes, to tick what
  // moves out, where it goes and why; the same move is sent again with them.
  // Everything from the server is written with textContent.
  function node(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function tradeoff(item, body, data) {
    var key = item.getAttribute('data-key');
    var dlg = node('dialog', '', 'tradeoff-dialog');
    dlg.setAttribute('aria-label', 'Now is full: what moves out for ' + key);
    dlg.appendChild(node('h2', 'Now is full: what moves out for ' + key + '?'));
    dlg.appendChild(node('p', data.error.message));
    var form = node('form', '', 'stack');
    var table = node('table');
    var head = node('tr');
    ['', 'In Now', data.now.unit === 'features' ? 'Counts' : 'Size'].forEach(function (t) { head.appendChild(node('th', t)); });
    table.appendChild(head);
    data.now.in_now.forEach(function (it) {
      var tr = node('tr');
      var box = node('input');
      box.type = 'checkbox';
      box.name = 'displace';
      box.value = it.key;
      box.id = 'tradeoff-' + it.key;
      var td = node('td');
      td.appendChild(box);
      tr.appendChild(td);
      var label = node('label', it.key + ' ' + it.title);
      label.htmlFor = box.id;
      td = node('td');
      td.appendChild(label);
      tr.appendChild(td);
      tr.appendChild(node('td', String(it.weight), 'num'));
      table.appendChild(tr);
    });
    form.appendChild(table);
    var to = node('select');
    to.name = 'displace_to';
    [['next', 'Next'], ['later', 'Later'], ['unplanned', 'Unplanned']].forEach(function (o) {
      var opt = node('option', o[1]);
      opt.value = o[0];
      to.appendChild(opt);
    });
    var toLabel = node('label', 'They go to ');
    toLabel.appendChild(to);
    form.appendChild(toLabel);
    var reason = node('textarea');
    reason.name = 'reason';
    reason.rows = 3;
    reason.maxLength = 2000;
    var reasonLabel = node('label', 'Why ');
    reasonLabel.appendChild(reason);
    form.appendChild(reasonLabel);
    var problem = node('p', '', 'error');
    problem.setAttribute('role', 'alert');
    form.appendChild(problem);
    var go = node('button', 'Move into Now');
    go.type = 'submit';
    var cancel = node('button', 'Cancel', 'secondary');
    cancel.type = 'button';
    var buttons = node('div', '', 'actions');
    buttons.appendChild(go);
    buttons.appendChild(cancel);
    form.appendChild(buttons);
    dlg.appendChild(form);
    cancel.addEventListener('click', function () {
      dlg.close();
      location.reload(); // the card goes back where it was
    });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var out = [];
      form.querySelectorAll('input[name="displace"]:checked').forEach(function (b) { out.push(b.value); });
      var again = {};
      Object.keys(body).forEach(function (k) { again[k] = body[k]; });
      again.displace = out;
      again.displace_to = to.value;
      again.reason = reason.value;
      go.disabled = true;
      problem.textContent = '';
      send(item, again).then(function (r) {
        go.disabled = false;
        if (r.ok) {
          dlg.close();
          say(key + ' moved into Now.');
          location.reload(); // what moved out leaves Now on the page too
          return;
        }
        problem.textContent = (r.data && r.data.error && r.data.error.message) || ('error ' + r.status);
        if (r.status === 412) setTimeout(function () { location.reload(); }, 1500);
      }).catch(function () {
        go.disabled = false;
        problem.textContent = 'The server could not be reached; nothing was moved.';
      });
    });
    document.body.appendChild(dlg);
    dlg.showModal();
  }

  // Finds the item the pointer is over and whether to drop before or after it.
  function target(list, y, dragged) {
    var items = list.querySelectorAll('[data-key]');
    for (var i = 0; i < items.length; i++) {
      if (items[i] === dragged) continue;
      var box = items[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) return { el: items[i], before: true };
    }
    for (var k = items.length - 1; k >= 0; k--) {
      if (items[k] !== dragged) return { el: items[k], before: false };
    }
    return null;
  }

  function clearMarks() {
    document.querySelectorAll('.drop-before, .drop-after, .drop-target').forEach(function (el) {
      el.classList.remove('drop-before', 'drop-after', 'drop-target');
    });
  }

  var dragged = null;
  document.addEventListener('dragstart', function (ev) {
    var item = ev.target.closest && ev.target.closest('[data-key][draggable="true"]');
    if (!item) return;
    dragged = item;
    item.classList.add('dragging');
    ev.dataTransfer.effectAllowed = 'move';
    ev.dataTransfer.setData('text/plain', item.getAttribute('data-key'));
  });
  document.addEventListener('dragend', function () {
    if (dragged) dragged.classList.remove('dragging');
    dragged = null;
    clearMarks();
  });

  document.querySelectorAll('[data-drag-list]').forEach(function (list) {
    list.addEventListener('dragover', function (ev) {
      if (!dragged) return;
      var kind = list.getAttribute('data-drag-list');
      if (kind === 'rank' && dragged.parentNode !== list) return;
      ev.preventDefault();
      clearMarks();
      var column = list.closest('[data-horizon]');
      if (column) column.classList.add('drop-target');
      var t = target(list, ev.clientY, dragged);
      if (t) t.el.classList.add(t.before ? 'drop-before' : 'drop-after');
    });
    list.addEventListener('drop', function (ev) {
      if (!dragged) return;
      ev.preventDefault();
      var item = dragged;
      var t = target(list, ev.clientY, item);
      clearMarks();
      var body = {};
      var column = list.closest('[data-horizon]');
      if (column) body.horizon = column.getAttribute('data-horizon');
      if (t) {
        if (t.before) { body.before = t.el.getAttribute('data-key'); list.insertBefore(item, t.el); }
        else { body.after = t.el.getAttribute('data-key'); list.insertBefore(item, t.el.nextSibling); }
      } else {
        list.appendChild(item);
      }
      if (!body.horizon && !body.before && !body.after) return;
      move(item, body);
    });
  });
})();

// Keel — duplicate suggestions while an idea is being written. The form's
// "Check for duplicates" button does the same without the script; this asks
// GET /api/v1/ideas/similar as the title is typed and lists what it finds
// (built with textContent: nothing from the server is read as HTML).
(function () {
  'use strict';
  var box = document.getElementById('similar-live');
  if (!box || !window.fetch) return;
  var form = document.querySelector('form[action="/ideas"][method="post"]');
  if (!form) return;
  var title = form.querySelector('[name="title"]');
  var description = form.querySelector('[name="description"]');
  var product = form.querySelector('[name="product"]');
  if (!title) return;
  var timer = null;
  var asked = '';

  function show(items) {
    box.textContent = '';
    if (!items.length) return;
    var h = document.createElement('h2');
    h.textContent = 'Possibly the same as…';
    box.appendChild(h);
    var ul = document.createElement('ul');
    ul.className = 'similar';
    items.forEach(function (it) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = it.url;
      a.textContent = '#' + it.id + ' ' + it.title;
      li.appendChild(a);
      var badge = document.createElement('span');
      badge.className = 'badge sim';
      badge.textContent = ' ' + Math.round(it.similarity * 100) + '%';
      li.appendChild(badge);
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }

  function ask() {
    var t = title.value.trim();
    var d = description ? description.value : '';
    var q = 'title=' + encodeURIComponent(t) + '&description=' + encodeURIComponent(d.slice(0, 2000)) +
      (product && product.value ? '&product=' + encodeURIComponent(product.value) : '');
    if (t.length < 4 || q === asked) return;
    asked = q;
    fetch('/api/v1/ideas/similar?' + q, { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (j) { if (asked === q) show(j.items || []); })
      .catch(function () {});
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, 400);
  }
  title.addEventListener('input', later);
  if (description) description.addEventListener('input', later);
  if (product) product.addEventListener('change', later);
})();

// Keel — highlighting the quote that matters. On a feedback item's page,
// selecting words of what the customer said copies them into the "quote"
// field of the link form; typing in the field still works as before.
(function () {
  var said = document.querySelector('blockquote.said');
  var quote = document.querySelector('form[action$="/link"] textarea[name="quote"]');
  if (!said || !quote) return;
  function take() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    var range = sel.getRangeAt(0);
    if (!said.contains(range.startContainer) || !said.contains(range.endContainer)) return;
    var text = sel.toString().trim();
    if (text) quote.value = text;
  }
  said.addEventListener('mouseup', take);
  said.addEventListener('keyup', take);
})();
