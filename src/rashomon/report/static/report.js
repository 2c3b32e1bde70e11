// Highlight the span an evidence link points at (#i-ID), opening collapsed parts around it.
function mark() {
  document.querySelectorAll(".hl.target").forEach((e) => e.classList.remove("target"));
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  let first = null;
  document.querySelectorAll("[data-i]").forEach((e) => {
    if (!e.getAttribute("data-i").split(" ").includes(id)) return;
    for (let p = e.parentElement; p; p = p.parentElement) if (p.tagName === "DETAILS") p.open = true;
    e.classList.add("target");
    first = first || e;
  });
  if (first) first.scrollIntoView({ block: "center" });
}
window.addEventListener("hashchange", mark);
window.addEventListener("load", mark);
