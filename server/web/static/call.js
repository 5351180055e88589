// The video call page: one side of a WebRTC call, signalled through the center.
//
// The page is /call/<id>?view=family|staff|kiosk&lang=zh_CN|en_US#ticket=<single-use ticket>.
// It takes the ticket out of the address at once, asks for the camera and the microphone,
// opens the signaling socket /api/v1/calls/<id>/socket and says hello with the ticket. The
// server answers "joined" (this side, whether the other side is in, the ICE servers); the
// caller makes the WebRTC offer once both sides are in; offers, answers, candidates and the
// media state ({camera, microphone}) are relayed by the server unchanged.
//
// What the kiosk (QtWebEngine) and the tests rely on:
//   document.title = "call:<state>", <state> one of connecting, waiting, connected,
//     reconnecting, ended:<reason>, error:<permission|no_camera|no_microphone|network|ticket>.
//     An error:* state is final, like ended:*; every path ends in one of them or connected.
//     A missing camera is not an error here: the call goes on with sound only and a
//     sentence says so (likewise a missing microphone); error:no_microphone is for neither.
//   window.callControl = {hangup(), setVolume(0..1), state()}
//   window.callStats() -> Promise of {framesDecoded, framesEncoded, bytesReceived, audioLevel}
//
// A dropped connection (the socket closes, or ICE says disconnected or failed) shows
// "reconnecting". The family view may come back: it asks the center for a fresh ticket
// (POST /api/v1/family/calls/<id>/rejoin) and joins again, for up to RECONNECT_MS (the staff
// view, a call from the console, does the same through /api/v1/staff/calls); the kiosk
// view has no way of its own to rejoin (the kiosk holds its token), so its call ends with
// ended:network and the kiosk offers to call back.

const RECONNECT_MS = 20000; // sync.call_protocol.RECONNECT_S
const CONNECT_MS = 30000; // both sides in, yet no media path: give up rather than hang
const REJOIN_RETRY_MS = 1000;
const NO_REJOIN_MS = 1500;
const REPLACED = 4409; // the server's close code when a newer socket of this side joined // how long "reconnecting" shows on a page that cannot rejoin
const API = "/api/v1";

const body = document.body;
const view = ["kiosk", "staff"].includes(body.dataset.view) ? body.dataset.view : "family";
// Whose calls API the page calls back and rejoins through (a staff member's console cookie
// or a family member's family cookie: the same origin, so the browser sends the right one).
const audience = view === "staff" ? "staff" : "family";
const lang = body.dataset.lang === "en_US" ? "en_US" : "zh_CN";
const callId = body.dataset.callId;
const query = new URLSearchParams(location.search);
const residentCard = query.get("resident") || "";
const words = JSON.parse(document.getElementById("call-words").textContent);

const remoteVideo = document.getElementById("remote");
const localVideo = document.getElementById("local");
const cameraMark = document.getElementById("camera-mark");
const stateText = document.getElementById("state-text");
const stateOther = document.getElementById("state-other");
const notice = document.getElementById("notice");
const soundButton = document.getElementById("sound");
const hangUpButton = document.getElementById("hang-up");
const muteButton = document.getElementById("mute");
const callBackButton = document.getElementById("call-back");
const backLink = document.getElementById("back");

// The ticket is read once and taken out of the address bar, the history and any bookmark.
// It is percent-encoded (a "+" in it is a plus, not a space, so no URLSearchParams here).
const ticket = readTicket(location.hash);
history.replaceState(null, "", location.pathname + location.search);

function readTicket(fragment) {
  const found = /(?:^#|&)ticket=([^&]*)/.exec(fragment);
  if (!found) return "";
  try {
    return decodeURIComponent(found[1]);
  } catch (error) {
    return ""; // a damaged address: the page says the link is not right
  }
}

let state = "connecting";
let side = null; // "caller" or "callee", from joined
let peerName = "";
let iceServers = [];
let socket = null;
let ticketUsed = false; // the page's own ticket went to the center (it works once)
let pc = null;
let localStream = null;
let pendingCandidates = [];
let reconnectDeadline = 0;
let reconnectTimer = null;
let connectTimer = null;
let notices = new Map(); // key -> sentence key, shown together
let peerMedia = { camera: true, microphone: true };

// -- words and state ---------------------------------------------------------------------

function say(table, key, name) {
  const text = table[key] || key;
  return name ? text.replace("{name}", name) : text;
}

function isFinal(name) {
  return name.startsWith("ended:") || name.startsWith("error:");
}

function setState(name, wordKey) {
  if (isFinal(state) && name !== state) return; // an ended call stays ended
  state = name;
  body.dataset.state = name;
  document.title = "call:" + name;
  const key = wordKey || stateWordKey(name);
  const withName = key === "state.waiting" || key === "state.connected";
  const finalKey = withName && peerName ? key + "_named" : key;
  stateText.textContent = say(words.page, finalKey, peerName);
  stateOther.textContent = say(words.other, finalKey, peerName);
  if (isFinal(name)) finish();
}

function stateWordKey(name) {
  if (name.startsWith("ended:")) return "reason." + name.slice(6);
  if (name.startsWith("error:")) return "error." + name.slice(6);
  return "state." + name;
}

function showNotice(key, on) {
  if (on) notices.set(key, key);
  else notices.delete(key);
  notice.textContent = [...notices.values()].map((k) => say(words.page, k)).join(" ");
  notice.hidden = notices.size === 0;
}

function updateCameraMark() {
  const live =
    localStream !== null &&
    localStream.getVideoTracks().some((t) => t.readyState === "live" && t.enabled);
  cameraMark.hidden = !live;
  localVideo.hidden = !live;
}

// -- local media ---------------------------------------------------------------------------

function refused(error) {
  return error && (error.name === "NotAllowedError" || error.name === "SecurityError");
}

async function tryMedia(constraints) {
  try {
    return { stream: await navigator.mediaDevices.getUserMedia(constraints) };
  } catch (error) {
    return { error };
  }
}

// Camera and microphone if there are both; one of them alone, with a sentence saying which is
// missing; null with the page in its error state when there is neither or they are refused.
async function openMedia() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    setState("error:no_microphone");
    return null;
  }
  const both = await tryMedia({ video: true, audio: true });
  if (both.stream) return both.stream;
  if (refused(both.error)) {
    setState("error:permission");
    return null;
  }
  const audioOnly = await tryMedia({ audio: true });
  if (audioOnly.stream) {
    showNotice("notice.no_camera", true);
    body.dataset.media = "audio-only";
    return audioOnly.stream;
  }
  if (refused(audioOnly.error)) {
    setState("error:permission");
    return null;
  }
  const videoOnly = await tryMedia({ video: true });
  if (videoOnly.stream) {
    showNotice("notice.no_microphone", true);
    body.dataset.media = "video-only";
    return videoOnly.stream;
  }
  setState(refused(videoOnly.error) ? "error:permission" : "error:no_microphone");
  return null;
}

function mediaState() {
  const has = (tracks) => tracks.some((t) => t.readyState === "live" && t.enabled);
  return {
    camera: localStream ? has(localStream.getVideoTracks()) : false,
    microphone: localStream ? has(localStream.getAudioTracks()) : false,
  };
}

// -- the signaling socket -------------------------------------------------------------------

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function openSocket(withTicket) {
  if (withTicket === ticket) ticketUsed = true;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const opened = new WebSocket(`${scheme}//${location.host}${API}/calls/${callId}/socket`);
  socket = opened;
  let joined = false;
  opened.onopen = () => opened.send(JSON.stringify({ type: "hello", ticket: withTicket }));
  opened.onmessage = (event) => {
    if (opened !== socket) return;
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (error) {
      return; // not ours to act on; the server never sends this
    }
    if (message && message.type === "joined") joined = true;
    onMessage(message);
  };
  opened.onclose = (event) => {
    if (opened !== socket || isFinal(state)) return;
    socket = null;
    if (event.code === 4401 || (!joined && event.code >= 4400 && event.code < 4500)) {
      setState("error:ticket");
    } else if (event.code === REPLACED) {
      // This side went on in a newer page (the kiosk loaded the call afresh): this one stops
      // and must not take the call back.
      setState("ended:network");
    } else if (!joined && reconnectDeadline === 0) {
      setState("error:network"); // never got in: nothing to come back to
    } else {
      connectionLost();
    }
  };
}

function onMessage(message) {
  switch (message && message.type) {
    case "joined":
      side = message.side === "caller" ? "caller" : "callee";
      peerName = typeof message.peer_name === "string" ? message.peer_name : "";
      iceServers = Array.isArray(message.ice_servers) ? message.ice_servers : [];
      reconnectDeadline = 0;
      clearTimeout(reconnectTimer);
      send({ type: "media", ...mediaState() });
      if (message.peer_present) peerIn();
      else setState("waiting");
      break;
    case "peer_joined":
      peerIn();
      break;
    case "peer_left":
      closePeer();
      setState("reconnecting", "state.peer_reconnecting");
      break;
    case "offer":
      onOffer(message.sdp);
      break;
    case "answer":
      onAnswer(message.sdp);
      break;
    case "candidate":
      onCandidate(message.candidate);
      break;
    case "media":
      peerMedia = { camera: message.camera !== false, microphone: message.microphone !== false };
      showNotice("notice.peer_camera_off", !peerMedia.camera);
      showNotice("notice.peer_microphone_off", !peerMedia.microphone);
      break;
    case "ended":
      setState("ended:" + (typeof message.reason === "string" ? message.reason : "hung_up"));
      break;
    case "error":
      // The server closes the socket after an error; the close decides what follows.
      break;
    default:
      break;
  }
}

// -- the peer connection ------------------------------------------------------------------

function newPeer() {
  closePeer();
  const made = new RTCPeerConnection({ iceServers });
  pc = made;
  pendingCandidates = [];
  if (localStream) localStream.getTracks().forEach((t) => made.addTrack(t, localStream));
  made.onicecandidate = (event) => {
    if (made === pc && event.candidate) send({ type: "candidate", candidate: event.candidate.toJSON() });
  };
  made.ontrack = (event) => {
    if (made !== pc) return;
    const stream = event.streams[0] || new MediaStream([event.track]);
    if (remoteVideo.srcObject !== stream) {
      remoteVideo.srcObject = stream;
      playRemote();
    }
  };
  made.oniceconnectionstatechange = () => {
    if (made !== pc) return;
    const ice = made.iceConnectionState;
    if (ice === "connected" || ice === "completed") {
      clearTimeout(connectTimer);
      reconnectDeadline = 0;
      clearTimeout(reconnectTimer);
      setState("connected");
    } else if (ice === "disconnected" || ice === "failed") {
      mediaLost(ice === "failed");
    }
  };
  waitForConnection(made);
  return made;
}

function closePeer() {
  if (pc) {
    pc.onicecandidate = pc.ontrack = pc.oniceconnectionstatechange = null;
    pc.close();
  }
  pc = null;
  pendingCandidates = [];
  clearTimeout(connectTimer);
}

// Both sides are in: the caller offers; the callee waits for that offer (no longer than
// CONNECT_MS: a caller that never offers must not hold this side on "connecting").
function peerIn() {
  if (state !== "reconnecting") setState("connecting");
  if (side === "caller") offer();
  else waitForConnection(null);
}

function waitForConnection(made) {
  clearTimeout(connectTimer);
  connectTimer = setTimeout(() => {
    if (made === pc && state !== "connected") giveUp();
  }, CONNECT_MS);
}

// A fresh connection and its offer: at the start, when the callee came back, or when the
// media path failed (the callee answers every offer with a fresh connection of its own).
async function offer() {
  const made = newPeer();
  try {
    await made.setLocalDescription(await made.createOffer());
    if (made === pc) send({ type: "offer", sdp: made.localDescription.sdp });
  } catch (error) {
    if (made === pc) giveUp();
  }
}

async function onOffer(sdp) {
  if (typeof sdp !== "string" || isFinal(state)) return;
  // Every offer starts a fresh connection: a second one means the caller came back.
  const made = newPeer();
  try {
    await made.setRemoteDescription({ type: "offer", sdp });
    await flushCandidates(made);
    const answer = await made.createAnswer();
    await made.setLocalDescription(answer);
    if (made === pc) send({ type: "answer", sdp: made.localDescription.sdp });
  } catch (error) {
    if (made === pc) giveUp();
  }
}

async function onAnswer(sdp) {
  const made = pc;
  if (typeof sdp !== "string" || !made || made.signalingState !== "have-local-offer") return;
  try {
    await made.setRemoteDescription({ type: "answer", sdp });
    await flushCandidates(made);
  } catch (error) {
    if (made === pc) giveUp();
  }
}

async function onCandidate(candidate) {
  if (!candidate || typeof candidate !== "object") return;
  if (!pc || !pc.remoteDescription) {
    pendingCandidates.push(candidate);
    return;
  }
  try {
    await pc.addIceCandidate(candidate);
  } catch (error) {
    // One unusable candidate is not the end of the call: the others may work.
  }
}

async function flushCandidates(made) {
  const waiting = pendingCandidates;
  pendingCandidates = [];
  for (const candidate of waiting) {
    try {
      await made.addIceCandidate(candidate);
    } catch (error) {
      // as above
    }
  }
}

function playRemote() {
  const started = remoteVideo.play();
  if (started && started.catch) {
    started.catch(() => {
      // Sound may not start without a tap: play the picture muted and offer the tap.
      remoteVideo.muted = true;
      remoteVideo.play().catch(() => {});
      soundButton.hidden = false;
    });
  }
}

// -- when things go wrong ---------------------------------------------------------------------

function canRejoin() {
  return view !== "kiosk";
}

// Our own socket closed while the call was on.
function connectionLost() {
  closePeer();
  if (!canRejoin()) {
    // Shown for a moment (and reported to the kiosk, which may load the page afresh with a
    // new ticket of its own), then the call is over for this page.
    setState("reconnecting");
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(() => setState("ended:network"), NO_REJOIN_MS);
    return;
  }
  if (reconnectDeadline === 0) reconnectDeadline = Date.now() + RECONNECT_MS;
  setState("reconnecting");
  rejoin();
}

async function rejoin() {
  if (isFinal(state)) return;
  if (Date.now() > reconnectDeadline) {
    setState("ended:network");
    return;
  }
  let response;
  try {
    response = await fetch(`${API}/${audience}/calls/${callId}/rejoin`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: "{}",
      credentials: "same-origin",
    });
  } catch (error) {
    response = null; // the network is still down: try again shortly
  }
  if (isFinal(state)) return;
  if (response && response.ok) {
    let join = null;
    try {
      join = await response.json();
    } catch (error) {
      join = null;
    }
    if (join && typeof join.ticket === "string") {
      openSocket(join.ticket);
      return;
    }
  } else if (response && response.status >= 400 && response.status < 500 && response.status !== 429) {
    setState("ended:network"); // the call is over at the center: nothing to come back to
    return;
  }
  clearTimeout(reconnectTimer);
  reconnectTimer = setTimeout(rejoin, REJOIN_RETRY_MS);
}

// The media path dropped while the signaling socket may still be up.
function mediaLost(failed) {
  if (isFinal(state)) return;
  setState("reconnecting");
  if (reconnectDeadline === 0) reconnectDeadline = Date.now() + RECONNECT_MS;
  if (failed && side === "caller") offer();
  clearTimeout(reconnectTimer);
  reconnectTimer = setTimeout(() => {
    if (state === "reconnecting" && Date.now() >= reconnectDeadline) giveUp();
  }, Math.max(0, reconnectDeadline - Date.now()) + 50);
}

// The call cannot go on: tell the center (so the other side is not left waiting) and end.
function giveUp() {
  sendHangup();
  setState("ended:network");
}

// Tell the center this side ends the call, whether the socket is open, still opening, or
// not opened yet (the camera was still being asked for): the other side must hear of it.
function sendHangup() {
  const message = JSON.stringify({ type: "hangup" });
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(message);
  } else if (socket && socket.readyState === WebSocket.CONNECTING) {
    const opening = socket;
    opening.addEventListener("open", () => opening.send(message)); // after the hello
  } else if (!ticketUsed && ticket) {
    leaveCall();
  }
}

// Enter the call only to end it (no camera and microphone, or hung up before the socket).
function leaveCall() {
  ticketUsed = true;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const leaving = new WebSocket(`${scheme}//${location.host}${API}/calls/${callId}/socket`);
  leaving.onopen = () => {
    leaving.send(JSON.stringify({ type: "hello", ticket }));
    leaving.send(JSON.stringify({ type: "hangup" }));
    setTimeout(() => leaving.close(1000, "left"), 500);
  };
}

// Every final state: release the camera (the mark goes off), the connection and the socket.
function finish() {
  clearTimeout(reconnectTimer);
  clearTimeout(connectTimer);
  closePeer();
  if (localStream) localStream.getTracks().forEach((t) => t.stop());
  updateCameraMark();
  remoteVideo.srcObject = null;
  const closing = socket;
  socket = null;
  if (closing) {
    // Let a last message (a hangup) leave before the close.
    const close = () => setTimeout(() => closing.close(1000, "done"), 200);
    if (closing.readyState === WebSocket.CONNECTING) closing.addEventListener("open", close);
    else close();
  }
  if (hangUpButton) hangUpButton.hidden = true;
  if (muteButton) muteButton.hidden = true;
  if (callBackButton) callBackButton.hidden = view === "kiosk" || !residentCard;
  if (backLink) backLink.hidden = view === "kiosk";
}

// -- what people and the kiosk can do ------------------------------------------------------------

function hangup() {
  if (isFinal(state)) return;
  sendHangup();
  setState("ended:hung_up");
}

function setVolume(level) {
  const value = Number(level);
  if (!Number.isFinite(value)) return;
  remoteVideo.volume = Math.min(1, Math.max(0, value));
}

function toggleMute() {
  if (!localStream) return;
  const tracks = localStream.getAudioTracks();
  const muting = tracks.some((t) => t.enabled);
  tracks.forEach((t) => (t.enabled = !muting));
  muteButton.setAttribute("aria-pressed", String(muting));
  muteButton.textContent = say(words.page, muting ? "button.unmute" : "button.mute");
  send({ type: "media", ...mediaState() });
}

async function callBack() {
  callBackButton.disabled = true;
  let response;
  try {
    response = await fetch(`${API}/${audience}/calls`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ resident_card: residentCard }),
      credentials: "same-origin",
    });
  } catch (error) {
    stateText.textContent = say(words.page, "error.network");
    callBackButton.disabled = false;
    return;
  }
  let answer = null;
  try {
    answer = await response.json();
  } catch (error) {
    answer = null;
  }
  if (response.status === 201 && answer && answer.page && answer.ticket) {
    const next = new URLSearchParams({ view, lang, resident: residentCard });
    location.assign(`${answer.page}?${next}#ticket=${encodeURIComponent(answer.ticket)}`);
    return;
  }
  const reason = answer && (answer.reason || answer.code);
  const sentence =
    (answer && typeof answer.message === "string" && answer.message) ||
    words.page["reason." + reason] ||
    say(words.page, "error.network");
  stateText.textContent = sentence;
  stateOther.textContent = "";
  callBackButton.disabled = false;
}

async function callStats() {
  const totals = { framesDecoded: 0, framesEncoded: 0, bytesReceived: 0, audioLevel: 0 };
  if (!pc) return totals;
  const report = await pc.getStats();
  report.forEach((entry) => {
    if (entry.type === "inbound-rtp") {
      totals.bytesReceived += entry.bytesReceived || 0;
      if (entry.kind === "video") totals.framesDecoded += entry.framesDecoded || 0;
      if (entry.kind === "audio" && typeof entry.audioLevel === "number") {
        totals.audioLevel = Math.max(totals.audioLevel, entry.audioLevel);
      }
    } else if (entry.type === "outbound-rtp" && entry.kind === "video") {
      totals.framesEncoded += entry.framesEncoded || 0;
    }
  });
  return totals;
}

window.callControl = { hangup, setVolume, state: () => state };
window.callStats = callStats;

if (hangUpButton) hangUpButton.addEventListener("click", hangup);
if (muteButton) muteButton.addEventListener("click", toggleMute);
if (callBackButton) callBackButton.addEventListener("click", callBack);
soundButton.addEventListener("click", () => {
  remoteVideo.muted = false;
  remoteVideo.play().catch(() => {});
  soundButton.hidden = true;
});
addEventListener("pagehide", () => {
  if (!isFinal(state)) sendHangup();
});

// -- start -------------------------------------------------------------------------------------

async function start() {
  setState("connecting");
  if (!ticket) {
    setState("error:ticket");
    return;
  }
  localStream = await openMedia();
  if (localStream === null) {
    // Nothing to call with: enter only to end the call, so the other side is told at once.
    leaveCall();
    return;
  }
  if (isFinal(state)) {
    // Hung up while the camera was being asked for.
    localStream.getTracks().forEach((t) => t.stop());
    return;
  }
  localVideo.srcObject = localStream;
  localStream.getTracks().forEach((t) =>
    t.addEventListener("ended", () => {
      updateCameraMark();
      send({ type: "media", ...mediaState() });
    })
  );
  updateCameraMark();
  openSocket(ticket);
}

start();
