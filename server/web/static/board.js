// The live board: listens on the staff socket and puts each new or changed order, emergency
// and alerting reading in its place, with a chime for a new order and an alarm while an
// emergency waits for a person. Every card is drawn by the server (/console/board/...), so
// the words and the escaping come from one place. The one-tap forms are sent from here, so
// the board does not reload; the socket then brings the change.

const root = document.getElementById("board");
const words = root.dataset;
const sosSection = document.getElementById("sos-section");
const sosList = document.getElementById("sos-list");
const alertSection = document.getElementById("alerts-section");
const alertList = document.getElementById("alert-list");
const orderSection = document.getElementById("orders-section");
const orderList = document.getElementById("order-list");
const connection = document.getElementById("connection");
const soundLine = document.getElementById("sound");
const soundButton = document.getElementById("sound-on");
const MAX_ORDERS = 60;

// What a measuring program reads: when each order's card was last drawn (epoch ms).
const marks = { painted: {}, messages: 0 };
window.consoleBoard = marks;

// -- sound --------------------------------------------------------------------------------------

const chime = new Audio("/console/static/chime.wav");
const alarm = new Audio("/console/static/alarm.wav");
alarm.loop = true;
let soundAllowed = false;

function say(line, state, text) {
  line.dataset.state = state;
  line.querySelector(".text").textContent = text;
}

async function trySound() {
  try {
    await new Audio("/console/static/silence.wav").play();
    soundAllowed = true;
    soundButton.hidden = true;
    say(soundLine, "on", words.soundOnText);
    updateAlarm();
  } catch (error) {
    soundAllowed = false;
    if (error && error.name === "NotAllowedError") {
      soundButton.hidden = false;
      say(soundLine, "blocked", words.soundBlockedText);
    } else {
      soundButton.hidden = true;
      say(soundLine, "blocked", words.soundMissingText);
    }
  }
}

function play(audio) {
  if (!soundAllowed) return;
  audio.currentTime = 0;
  audio.play().catch(() => trySound());
}

function updateAlarm() {
  const waiting = sosList.querySelector(".card.sos:not(.taken)") !== null;
  if (waiting && soundAllowed) {
    if (alarm.paused) alarm.play().catch(() => trySound());
  } else if (!alarm.paused) {
    alarm.pause();
  }
}

soundButton.addEventListener("click", () => trySound());

// -- cards --------------------------------------------------------------------------------------

async function fetchCard(path) {
  const response = await fetch(path, { credentials: "same-origin", headers: { Accept: "text/html" } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`card ${path}: ${response.status}`);
  const holder = document.createElement("template");
  holder.innerHTML = (await response.text()).trim();
  return holder.content.firstElementChild;
}

function recount() {
  const open = sosList.querySelectorAll(".card.sos").length;
  document.getElementById("sos-count").textContent = String(open);
  sosSection.toggleAttribute("data-empty", open === 0);
  if (alertList) {
    const alerts = alertList.querySelectorAll(".card").length;
    document.getElementById("alert-count").textContent = String(alerts);
    alertSection.toggleAttribute("data-empty", alerts === 0);
  }
  orderSection.toggleAttribute("data-empty", orderList.children.length === 0);
  updateAlarm();
}

function place(list, card, atTop) {
  const old = document.getElementById(card.id);
  if (old) {
    old.replaceWith(card);
  } else {
    card.classList.add("fresh");
    if (atTop) list.prepend(card);
    else list.append(card);
  }
}

const pending = new Map(); // card id -> the newest fetch, so answers apply in order

function redraw(key, path, apply) {
  const turn = (pending.get(key) || Promise.resolve()).then(async () => {
    try {
      apply(await fetchCard(path));
    } catch (error) {
      console.warn(error);
    }
  });
  pending.set(key, turn);
  turn.finally(() => {
    if (pending.get(key) === turn) pending.delete(key);
  });
  return turn;
}

function showOrder(orderId) {
  return redraw(`order-${orderId}`, `/console/board/orders/${orderId}`, (card) => {
    if (!card) return;
    place(orderList, card, true);
    while (orderList.children.length > MAX_ORDERS) orderList.lastElementChild.remove();
    recount();
    requestAnimationFrame(() => {
      marks.painted[orderId] = performance.timeOrigin + performance.now();
    });
  });
}

function showSos(sosId, taken) {
  return redraw(`sos-${sosId}`, `/console/board/sos/${sosId}`, (card) => {
    const old = document.getElementById(`sos-${sosId}`);
    if (!card || taken) {
      if (old) old.remove();
    } else {
      place(sosList, card, true);
    }
    recount();
  });
}

function showAlert(readingId, seen) {
  if (!alertList) return Promise.resolve();
  return redraw(`alert-${readingId}`, `/console/board/alerts/${readingId}`, (card) => {
    const old = document.getElementById(`alert-${readingId}`);
    if (!card || seen) {
      if (old) old.remove();
    } else {
      place(alertList, card, true);
    }
    recount();
  });
}

// -- the staff socket ---------------------------------------------------------------------------

let retryMs = 1000;
let hadConnection = false;

function connect() {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const socket = new WebSocket(`${scheme}://${location.host}/api/v1/staff/ws`);
  say(connection, "connecting", words.connectingText);

  socket.addEventListener("message", (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    marks.messages += 1;
    if (message.type === "hello") {
      if (hadConnection) {
        // Things moved on while the board was not listening: draw it again from the server.
        location.reload();
        return;
      }
      hadConnection = true;
      retryMs = 1000;
      say(connection, "live", words.liveText);
      const open = new Set(message.sos.map((s) => s.sos_id));
      for (const card of sosList.querySelectorAll(".card.sos")) {
        if (!open.has(card.dataset.sos)) card.remove();
      }
      for (const s of message.sos) {
        if (!document.getElementById(`sos-${s.sos_id}`)) showSos(s.sos_id, false);
      }
      recount();
    } else if (message.type === "order") {
      if (message.status === "sent") play(chime);
      showOrder(message.order.order_id);
    } else if (message.type === "sos") {
      const taken = message.sos.acknowledged_at !== null;
      showSos(message.sos.sos_id, taken);
      if (message.event === "raised" || message.event === "escalated") {
        if (alarm.paused) play(alarm);
      }
    } else if (message.type === "reading_alert") {
      showAlert(message.alert.reading_id, message.event === "acknowledged");
      if (message.event === "raised") play(chime);
    }
  });

  socket.addEventListener("close", (event) => {
    if (event.code === 4401) {
      say(connection, "lost", words.signedOutText);
      location.assign(`/console/sign-in?next=${encodeURIComponent("/console/")}&why=signed_out`);
      return;
    }
    if (event.code === 4403) {
      say(connection, "lost", words.signedOutText);
      return;
    }
    say(connection, "lost", words.lostText);
    setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 10000);
  });
}

// -- the one-tap forms ------------------------------------------------------------------------

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-live")) return;
  event.preventDefault();
  const card = form.closest(".card");
  const status = card ? card.querySelector(".card-status") : null;
  const buttons = form.querySelectorAll("button");
  buttons.forEach((b) => { b.disabled = true; });
  try {
    const response = await fetch(form.getAttribute("action"), {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: new URLSearchParams(new FormData(form)),
    });
    let answer = {};
    try {
      answer = await response.json();
    } catch {
      answer = { ok: false, message: words.failedText };
    }
    if (response.status === 401) {
      location.assign(`/console/sign-in?next=${encodeURIComponent("/console/")}`);
      return;
    }
    if (!response.ok || !answer.ok) {
      if (status) status.textContent = `⚠ ${answer.message || words.failedText}`;
      buttons.forEach((b) => { b.disabled = false; });
      return;
    }
    if (card && card.dataset.order) await showOrder(card.dataset.order);
    else if (card && card.dataset.sos) await showSos(card.dataset.sos, true);
    else if (card && card.dataset.alert) await showAlert(card.dataset.alert, true);
  } catch (error) {
    if (status) status.textContent = `⚠ ${words.failedText}`;
    buttons.forEach((b) => { b.disabled = false; });
  }
});

recount();
trySound();
connect();
