// The home page's first paint (member_app/first_paint.py): the card the first response drew
// leaves the document for good once the home page's loading slot is gone (the live card
// came, or the page moved on: another tab, /login). Hidden by CSS alone it would stay in the
// DOM, and a later wait (another member signing in in this tab, a language switch) could
// show it again.
(() => {
  const card = document.getElementById("mc-first-paint");
  if (!card) return;
  let observer = null;
  const check = () => {
    if (document.querySelector("[data-first-paint-slot]")) return;
    card.remove();
    if (observer) observer.disconnect();
  };
  const watch = () => {
    check();
    if (!card.isConnected) return;
    observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true });
  };
  // Before the parser has reached the slot, its absence means nothing yet.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();
