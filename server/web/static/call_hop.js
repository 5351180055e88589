// The console's step from "video call" to the call page. The page that runs this holds the
// call's single-use ticket only in the fragment of its link (never in an address a server
// sees); going on with replace() keeps this page, and so the ticket, out of the history.

const link = document.getElementById("call-link");
if (link && link.href) location.replace(link.href);
