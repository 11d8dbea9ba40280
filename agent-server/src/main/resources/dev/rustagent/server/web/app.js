// The Rust Agent web page. Everything that comes from the model, a tool or the server is shown with
// textContent (never innerHTML), so nothing it says can run as HTML or script. A "token" message may carry
// several model tokens (the server coalesces them): its text is appended as it is.
(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  };

  // The token comes from the printed link once; it is then kept for this tab only and removed from the address bar.
  const params = new URLSearchParams(location.search);
  if (params.has("token")) {
    sessionStorage.setItem("rust-agent-token", params.get("token"));
    history.replaceState(null, "", location.pathname);
  }
  const token = sessionStorage.getItem("rust-agent-token") || "";

  const state = {
    socket: null, sessionId: null, runs: new Map(), activeRunId: null,
    approvals: [], shownApproval: null, retryMs: 500,
  };

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json", ...(options.headers || {}) },
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || ("HTTP " + response.status));
    return body;
  }

  // ---- connection ----------------------------------------------------------------------------------
  function setConnection(up, text) {
    const conn = $("conn");
    conn.classList.toggle("up", up);
    conn.classList.toggle("down", !up);
    $("conn-text").textContent = text;
  }

  function connect() {
    if (!token) {
      setConnection(false, "no token: open the link the server printed");
      return;
    }
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(scheme + "//" + location.host + "/ws?token=" + encodeURIComponent(token));
    state.socket = socket;
    socket.onopen = () => { state.retryMs = 500; setConnection(true, "connected"); };
    socket.onmessage = (event) => {
      let message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      handle(message);
    };
    socket.onclose = () => {
      setConnection(false, "disconnected, reconnecting…");
      state.socket = null;
      setTimeout(connect, state.retryMs);
      state.retryMs = Math.min(state.retryMs * 2, 10000);
    };
  }
  setInterval(() => {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) state.socket.send(JSON.stringify({ type: "ping" }));
  }, 20000);

  function send(message) {
    if (!state.socket || state.socket.readyState !== WebSocket.OPEN) {
      showError("Not connected to the server yet; try again in a moment.");
      return false;
    }
    state.socket.send(JSON.stringify(message));
    return true;
  }

  // ---- chat ----------------------------------------------------------------------------------------
  const messages = $("messages");
  function scrollDown() { messages.scrollTop = messages.scrollHeight; }
  function hideHint() { const hint = $("empty-hint"); if (hint) hint.remove(); }

  function showError(text) {
    hideHint();
    messages.appendChild(el("div", "msg error", text));
    scrollDown();
  }

  let pendingBubble = null;
  function ask(prompt) {
    const message = { type: "query", prompt };
    if (state.sessionId) message.session_id = state.sessionId;
    if ($("read-only").checked) message.read_only = true;
    if (!send(message)) return;
    hideHint();
    messages.appendChild(el("div", "msg user", prompt));
    const bubble = el("div", "msg agent");
    bubble.appendChild(el("div", "body"));
    bubble.appendChild(el("div", "footer"));
    messages.appendChild(bubble);
    pendingBubble = bubble;
    scrollDown();
    $("send").disabled = true;
  }

  // The model's text and the tool calls appear in the order they happen: text goes to the newest
  // text segment, and a tool call closes it.
  function textSegment(bubble) {
    const body = bubble.querySelector(".body");
    let last = body.lastElementChild;
    if (!last || !last.classList.contains("text")) {
      last = el("div", "text");
      body.appendChild(last);
    }
    return last;
  }

  function bubbleFor(runId) {
    const run = state.runs.get(runId);
    return run ? run.bubble : null;
  }

  function handle(m) {
    switch (m.type) {
      case "accepted": {
        state.sessionId = m.session_id;
        if (pendingBubble) {
          state.runs.set(m.run_id, { bubble: pendingBubble });
          pendingBubble.dataset.runId = m.run_id;
          pendingBubble = null;
        }
        state.activeRunId = m.run_id;
        $("stop").disabled = false;
        break;
      }
      case "queued": {
        const bubble = bubbleFor(m.run_id);
        if (bubble) bubble.querySelector(".footer").textContent =
          m.position > 0 ? "waiting for the workspace: " + m.position + " run(s) ahead" : "starting…";
        break;
      }
      case "started": {
        const bubble = bubbleFor(m.run_id);
        if (bubble) bubble.querySelector(".footer").textContent = "";
        break;
      }
      case "token": {
        const bubble = bubbleFor(m.run_id);
        if (bubble) { textSegment(bubble).append(document.createTextNode(m.text)); scrollDown(); }
        break;
      }
      case "tool_call": {
        const bubble = bubbleFor(m.run_id);
        if (!bubble) break;
        const line = el("div", "event");
        line.dataset.callId = m.id;
        line.append("⚙ ", el("span", "tool", m.tool), " ", el("span", "mono", shorten(m.arguments, 120)));
        bubble.querySelector(".body").appendChild(line);
        scrollDown();
        break;
      }
      case "tool_result": {
        const bubble = bubbleFor(m.run_id);
        if (!bubble) break;
        const line = el("div", "event " + (m.ok ? "ok" : "fail"));
        const details = el("details");
        const summary = el("summary");
        summary.append(el("span", "badge", m.ok ? "✓" : "✗"), " ", el("span", "tool", m.tool),
          " " + (m.ok ? "done" : "failed") + " in " + m.duration_ms + " ms");
        details.append(summary, el("pre", null, m.output));
        line.appendChild(details);
        bubble.querySelector(".body").appendChild(line);
        scrollDown();
        break;
      }
      case "approval_request": {
        state.approvals.push(m);
        showNextApproval();
        break;
      }
      case "result": {
        const bubble = bubbleFor(m.run_id);
        if (bubble) {
          const body = bubble.querySelector(".body");
          if (!Array.from(body.querySelectorAll(".text")).some((t) => t.textContent) && m.response) {
            textSegment(bubble).textContent = m.response;
          }
          const footer = bubble.querySelector(".footer");
          footer.textContent = "";
          footer.append(el("span", "status " + m.status, m.status.replace("_", " ")),
            el("span", null, (m.latency_ms / 1000).toFixed(1) + " s"),
            el("span", null, "confidence " + Math.round(m.confidence * 100) + "%"));
          if (m.tokens && m.tokens.model_calls > 0) footer.append(runTokens(m.tokens));
          if (m.patterns_used && m.patterns_used.length) footer.append(el("span", null, "recalled: " + m.patterns_used.map((p) => p.summary).join("; ")));
          if (m.error) footer.append(el("span", "status failed", m.error));
        }
        dropApprovals(m.run_id);
        if (state.activeRunId === m.run_id) { state.activeRunId = null; $("stop").disabled = true; }
        $("send").disabled = false;
        refresh();
        break;
      }
      case "error": {
        showError(m.message + (m.retry_after ? " (retry in " + m.retry_after + " s)" : ""));
        if (pendingBubble) { pendingBubble.remove(); pendingBubble = null; }
        $("send").disabled = false;
        break;
      }
      default: break;
    }
  }

  // ---- tokens and cost ----------------------------------------------------------------------------
  const count = (n) => Number(n || 0).toLocaleString("en-US");
  const money = (c) => c === 0 ? "$0" : c < 0.01 ? "$" + c.toPrecision(2) : "$" + c.toFixed(2);
  const share = (s) => s === undefined || s === null ? "–" : Math.round(s * 100) + "%";
  // The figures of a "tokens" object (a run's, or the server's totals), each with its raw value in data-value.
  function tokenFigures(t) {
    return [["input", "in", count(t.input), t.input], ["cache_write", "cache write", count(t.cache_write), t.cache_write],
      ["cache_read", "cache read", count(t.cache_read), t.cache_read], ["output", "out", count(t.output), t.output],
      ["cache_read_share", "cached", share(t.cache_read_share), t.cache_read_share],
      ["estimated_cost", "cost", money(t.estimated_cost) + (t.unpriced_model_calls ? " + " + t.unpriced_model_calls
        + " unpriced call(s)" : ""), t.estimated_cost]];
  }
  function figure(tag, key, text, value) {
    const node = el(tag, "tok", text);
    node.dataset.figure = key;
    node.dataset.value = value === undefined || value === null ? "" : String(value);
    return node;
  }
  function runTokens(t) {
    const line = el("span", "tokens");
    line.title = "Tokens of this answer's model calls and their estimated cost";
    for (const [key, label, text, value] of tokenFigures(t)) line.append(figure("span", key, label + " " + text, value));
    return line;
  }
  function renderTokenTotals(t) {
    const dl = $("token-totals");
    dl.textContent = "";
    if (!t || t.model_calls === 0) { dl.appendChild(el("dt", "muted", "no model calls yet")); return; }
    const names = { in: "input", out: "output", cached: "cache-read share", cost: "estimated cost" };
    for (const [key, label, text, value] of tokenFigures(t)) dl.append(el("dt", null, names[label] || label), figure("dd", key, text, value));
    dl.append(el("dt", null, "model calls"), figure("dd", "model_calls", count(t.model_calls), t.model_calls));
  }

  function shorten(text, max) {
    const flat = String(text || "").replace(/\s+/g, " ");
    return flat.length <= max ? flat : flat.slice(0, max - 1) + "…";
  }

  // ---- approvals -----------------------------------------------------------------------------------
  const dialog = $("approval");
  function renderDiff(pre, text) {
    pre.textContent = "";
    for (const line of String(text).split("\n")) {
      const cls = line.startsWith("@@") ? "hunk"
        : line.startsWith("+") && !line.startsWith("+++") ? "add"
        : line.startsWith("-") && !line.startsWith("---") ? "del" : "ctx";
      pre.appendChild(el("span", cls, line + "\n"));
    }
  }
  function showNextApproval() {
    if (state.shownApproval || state.approvals.length === 0) return;
    const a = state.approvals.shift();
    state.shownApproval = a;
    $("approval-tool").textContent = a.tool;
    $("approval-actions").textContent = "This call would: " + a.actions.map((x) => x.toLowerCase().replace("_", " ")).join(", ");
    renderDiff($("approval-diff"), a.description);
    dialog.returnValue = "";
    dialog.showModal();
    $("approval-allow").focus();
  }
  dialog.addEventListener("close", () => {
    const a = state.shownApproval;
    state.shownApproval = null;
    if (a) {
      const choice = dialog.returnValue;
      send({ type: "approval", id: a.id, allow: choice === "allow" || choice === "always", always: choice === "always" });
    }
    showNextApproval();
  });
  function dropApprovals(runId) {
    state.approvals = state.approvals.filter((a) => a.run_id !== runId);
    if (state.shownApproval && state.shownApproval.run_id === runId) {
      state.shownApproval = null;
      dialog.close();
    }
  }

  // ---- side panels ---------------------------------------------------------------------------------
  async function refreshHelpers() {
    const list = $("helpers");
    const data = await api("/api/v1/agents?limit=10");
    list.textContent = "";
    if (data.items.length === 0) { list.appendChild(el("li", "muted", "No helpers yet.")); return; }
    for (const h of data.items) {
      const item = el("li");
      item.append(el("span", "task", h.task), el("span", "pill " + h.status, h.status.replace("_", " ")));
      if (h.status === "queued" || h.status === "running") {
        const cancel = el("button", "small", "Cancel");
        cancel.addEventListener("click", () => api("/api/v1/agent/" + encodeURIComponent(h.id), { method: "DELETE" })
          .then(refreshHelpers).catch((e) => showError(e.message)));
        item.appendChild(cancel);
      }
      if (h.answer || h.error) item.appendChild(el("div", "answer", h.answer || h.error));
      list.appendChild(item);
    }
  }

  async function refreshKnowledge() {
    const dl = $("knowledge");
    try {
      const k = await api("/api/v1/knowledge");
      dl.textContent = "";
      for (const [label, value] of [["Patterns", k.patterns], ["Concepts learned", k.concepts_learned],
        ["Past tasks", k.episodes], ["Conversations", k.sessions], ["Commands", k.commands]]) {
        dl.append(el("dt", null, label), el("dd", null, value));
      }
    } catch (e) {
      dl.textContent = "";
      dl.appendChild(el("dt", "muted", e.message));
    }
  }

  async function refreshMetrics() {
    const m = await api("/api/v1/metrics");
    const body = $("metrics").querySelector("tbody");
    body.textContent = "";
    const types = Object.keys(m.latency);
    if (types.length === 0) {
      const row = el("tr"); const cell = el("td", "muted", "no runs yet"); cell.colSpan = 5; row.appendChild(cell); body.appendChild(row);
    }
    const fmt = (ms) => ms >= 1000 ? (ms / 1000).toFixed(1) + " s" : Math.round(ms) + " ms";
    for (const type of types) {
      const l = m.latency[type];
      const row = el("tr");
      row.append(el("td", null, type.replace(/_/g, " ")), el("td", null, l.count), el("td", null, fmt(l.p50_ms)),
        el("td", null, fmt(l.p95_ms)), el("td", null, fmt(l.p99_ms)));
      body.appendChild(row);
    }
    const q = m.quality;
    $("quality").textContent = q.runs === 0 ? "" : "Success rate " + Math.round(q.success_rate * 100) + "% of " + q.runs
      + " runs" + (m.server.queue_length ? " · " + m.server.queue_length + " in the workspace queue" : "");
    renderTokenTotals(m.tokens);
  }

  function refresh() {
    if (!token || document.hidden) return;
    refreshHelpers().catch(() => {});
    refreshKnowledge().catch(() => {});
    refreshMetrics().catch(() => {});
  }

  // ---- wiring --------------------------------------------------------------------------------------
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const prompt = $("prompt").value.trim();
    if (!prompt || $("send").disabled) return;
    $("prompt").value = "";
    ask(prompt);
  });
  $("prompt").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("composer").requestSubmit(); }
  });
  $("stop").addEventListener("click", () => { if (state.activeRunId) send({ type: "cancel", run_id: state.activeRunId }); });
  $("new-chat").addEventListener("click", () => {
    state.sessionId = null;
    messages.textContent = "";
    messages.appendChild(el("div", "empty", "New conversation. Ask away."));
    $("send").disabled = false;
  });
  $("spawn-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const task = $("spawn-task").value.trim();
    if (!task) return;
    $("spawn-task").value = "";
    api("/api/v1/agent/spawn", { method: "POST", body: JSON.stringify({ task }) })
      .then(refreshHelpers).catch((e) => showError("Could not spawn a helper: " + e.message));
  });

  if (token) {
    api("/api/v1/info").then((info) => { $("workspace").textContent = "workspace: " + info.workspace; })
      .catch((e) => showError("The server refused the token: " + e.message));
  }
  connect();
  refresh();
  setInterval(refresh, 3000);
})();
