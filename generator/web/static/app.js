// Follows a render job: moves its progress bar and reloads the page when the job is done, so that the
// documents' state and download links show what was just written. Without scripts the page still works:
// reloading it shows the job's state.
"use strict";

function follow(box) {
  const bar = box.querySelector("progress");
  const text = box.querySelector(".job-text");
  async function poll() {
    let job;
    try {
      const response = await fetch("/jobs/" + encodeURIComponent(box.dataset.job), {cache: "no-store"});
      if (!response.ok) { text.textContent = "This render is no longer known to the server."; return; }
      job = await response.json();
    } catch (error) {
      text.textContent = "The server does not answer; is `playbook serve` still running?";
      return;
    }
    if (job.state === "done") { window.location.reload(); return; }
    // The bar moves with the expected time as well as the accounts done, so a long render is seen to progress.
    const timeShare = job.expected > 0 ? Math.min(job.elapsed / job.expected, 0.95) : 0;
    bar.max = 1000;
    bar.value = Math.round(1000 * Math.max(job.total ? job.done / job.total : 0, timeShare));
    const what = job.state === "queued" ? "Waiting for another render to finish" : "Rendering";
    text.textContent = `${what}: ${job.done} of ${job.total} done, ${job.elapsed.toFixed(0)} s of about ` +
      `${Math.max(job.expected, job.elapsed).toFixed(0)} s.`;
    window.setTimeout(poll, 500);
  }
  poll();
}

document.querySelectorAll(".job[data-job]").forEach((box) => {
  if (box.dataset.state !== "done") follow(box);
});
