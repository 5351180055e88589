// The live part of the family pages: incoming calls from the elder's tablet, and the
// "video call" buttons.
//
// * It keeps the family socket (/api/v1/family/socket, the session cookie) open while a
//   family page is open, which is also what makes this family member "online" for the
//   tablet. A call from the tablet ({"type": "ringing", call_id, resident_card,
//   caller_name}) shows a full-width banner at the top of the page (it takes room from the
//   page, it covers nothing) with a big green answer button and a red decline button, and
//   rings. Answer posts /api/v1/family/calls/<id>/answer and goes to the call page; decline
//   posts .../decline. {"type": "ended", call_id} takes the banner away and says the call
//   ended.
// * A <button data-call-resident="<card>"> posts /api/v1/family/calls for that resident and
//   goes to the call page, or shows the center's sentence (busy, quiet hours, calls paused,
//   no tablet ...) in large text beside the button.
//
// The words of both languages are here; the page's <html lang> picks them.

const API = "/api/v1";
const RETRY_MS = [1000, 2000, 5000, 10000, 30000];
const SIGNED_OUT_CODES = [4401, 4403, 1008];

const english = (document.documentElement.lang || "").toLowerCase().startsWith("en");
const lang = english ? "en_US" : "zh_CN";
const WORDS = {
  zh_CN: {
    calling: "{name} 打来视频电话",
    answer: "接听",
    decline: "不接",
    answering: "正在接通…",
    ended: "{name} 的来电已经结束了",
    starting: "正在拨打…",
    failed: "没有打通，请稍后再试。",
    network: "连不上服务器，请检查网络后再试。",
    busy: "对方正在通话中，请稍后再打。",
    quiet_hours: "现在是老人的休息时间，请稍后再打。",
    blocked: "社区中心暂停了和老人的通话。",
    no_device: "老人家里还没有平板，暂时不能视频通话。",
    offline: "老人的平板现在没有联网，请稍后再打。",
  },
  en_US: {
    calling: "{name} is calling you (video)",
    answer: "Answer",
    decline: "Decline",
    answering: "Connecting…",
    ended: "The call from {name} has ended",
    starting: "Calling…",
    failed: "The call did not go through. Please try again later.",
    network: "The server cannot be reached. Check the network and try again.",
    busy: "The line is busy. Please call again later.",
    quiet_hours: "It is rest time for your relative now. Please call again later.",
    blocked: "The center has paused calls for now.",
    no_device: "There is no tablet at home yet, so video calls cannot ring.",
    offline: "The tablet at home is not online now. Please call again later.",
  },
};

function say(key, name) {
  const text = WORDS[lang][key] || key;
  return name === undefined ? text : text.replace("{name}", name);
}

// The banner's and the sentences' looks (no inline styles: the pages' CSP is 'self').
const styles = document.createElement("link");
styles.rel = "stylesheet";
styles.href = "/static/family_live.css";
document.head.appendChild(styles);

// -- talking to the center -----------------------------------------------------------------

async function post(path, payload) {
  let response;
  try {
    response = await fetch(API + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(payload || {}),
      credentials: "same-origin",
    });
  } catch (error) {
    return { status: 0, body: null };
  }
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null;
  }
  return { status: response.status, body };
}

// The sentence for a refused call: the center's own if it gave one, else ours for its reason.
function refusal(answer) {
  if (answer.status === 0) return say("network");
  const body = answer.body || {};
  if (typeof body.message === "string" && body.message) return body.message;
  const reason = body.reason || body.code;
  return WORDS[lang][reason] || say("failed");
}

function goToCall(join, residentCard) {
  const query = new URLSearchParams({ view: "family", lang, resident: residentCard || "" });
  location.assign(`${join.page}?${query}#ticket=${encodeURIComponent(join.ticket)}`);
}

function isJoin(body) {
  return (
    body &&
    typeof body.page === "string" &&
    body.page.startsWith("/call/") &&
    typeof body.ticket === "string"
  );
}

// -- incoming calls --------------------------------------------------------------------------

const ring = new Audio("/static/chime.wav");
ring.loop = true;
let banner = null; // {callId, element, name}

function startRinging() {
  ring.currentTime = 0;
  const playing = ring.play();
  if (playing && playing.catch) playing.catch(() => {}); // no sound before a tap: the banner is there
}

function stopRinging() {
  ring.pause();
}

function showIncoming(message) {
  if (typeof message.call_id !== "string") return;
  if (banner && banner.callId === message.call_id) return;
  removeBanner();
  const name = typeof message.caller_name === "string" ? message.caller_name : "";
  const element = document.createElement("section");
  element.className = "incoming-call";
  element.id = "incoming-call";
  element.dataset.callId = message.call_id;
  element.setAttribute("role", "alertdialog");
  element.setAttribute("aria-live", "assertive");
  const title = document.createElement("p");
  title.className = "incoming-title";
  title.id = "incoming-title";
  title.textContent = say("calling", name);
  element.setAttribute("aria-labelledby", title.id);
  const buttons = document.createElement("div");
  buttons.className = "incoming-buttons";
  const answer = document.createElement("button");
  answer.type = "button";
  answer.className = "incoming-answer";
  answer.textContent = say("answer");
  const decline = document.createElement("button");
  decline.type = "button";
  decline.className = "incoming-decline";
  decline.textContent = say("decline");
  const status = document.createElement("p");
  status.className = "incoming-status";
  status.setAttribute("role", "status");
  buttons.append(answer, decline);
  element.append(title, buttons, status);
  document.body.prepend(element);
  banner = { callId: message.call_id, element, name };
  const card = typeof message.resident_card === "string" ? message.resident_card : "";

  answer.addEventListener("click", async () => {
    stopRinging();
    answer.disabled = decline.disabled = true;
    status.textContent = say("answering");
    const answered = await post(`/family/calls/${message.call_id}/answer`);
    if (answered.status === 200 && isJoin(answered.body)) {
      goToCall(answered.body, card);
      return;
    }
    status.textContent = refusal(answered);
    answer.hidden = true;
    decline.textContent = "✕";
    decline.disabled = false;
    decline.setAttribute("aria-label", say("decline"));
  });
  decline.addEventListener("click", async () => {
    stopRinging();
    answer.disabled = decline.disabled = true;
    await post(`/family/calls/${message.call_id}/decline`);
    removeBanner();
  });
  answer.focus();
  startRinging();
}

function endIncoming(message) {
  if (!banner || banner.callId !== message.call_id) return;
  stopRinging();
  const status = banner.element.querySelector(".incoming-status");
  banner.element.querySelectorAll("button").forEach((b) => (b.hidden = true));
  banner.element.dataset.ended = "true";
  status.textContent = say("ended", banner.name);
  const done = document.createElement("button");
  done.type = "button";
  done.className = "incoming-close";
  done.textContent = "✕";
  done.setAttribute("aria-label", say("ended", banner.name));
  done.addEventListener("click", removeBanner);
  banner.element.querySelector(".incoming-buttons").append(done);
}

function removeBanner() {
  stopRinging();
  if (banner) banner.element.remove();
  banner = null;
}

// -- the family socket ----------------------------------------------------------------------

let attempt = 0;

function openFamilySocket() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(`${scheme}//${location.host}${API}/family/socket`);
  socket.onopen = () => {
    attempt = 0;
    document.body.dataset.familySocket = "open";
  };
  socket.onmessage = (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (error) {
      return;
    }
    if (message && message.type === "ringing") showIncoming(message);
    else if (message && message.type === "ended") endIncoming(message);
  };
  socket.onclose = (event) => {
    document.body.dataset.familySocket = "closed";
    if (SIGNED_OUT_CODES.includes(event.code)) return; // signed out: the page will say so
    const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
    attempt += 1;
    setTimeout(openFamilySocket, wait);
  };
}

// -- "video call" buttons -----------------------------------------------------------------------

function sentenceFor(button) {
  let sentence = button.nextElementSibling;
  if (!sentence || !sentence.classList.contains("call-sentence")) {
    sentence = document.createElement("p");
    sentence.className = "call-sentence";
    sentence.setAttribute("role", "alert");
    button.after(sentence);
  }
  return sentence;
}

async function startCall(button) {
  const card = button.dataset.callResident;
  const sentence = sentenceFor(button);
  button.disabled = true;
  sentence.dataset.kind = "progress";
  sentence.textContent = say("starting");
  const made = await post("/family/calls", { resident_card: card });
  if (made.status === 201 && isJoin(made.body)) {
    goToCall(made.body, card);
    return;
  }
  sentence.dataset.kind = "refused";
  sentence.textContent = refusal(made);
  button.disabled = false;
}

document.querySelectorAll("button[data-call-resident]").forEach((button) => {
  button.addEventListener("click", () => startCall(button));
});

openFamilySocket();
