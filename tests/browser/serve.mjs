// Drives the page of `roster-check serve` in Debian's chromium, headless,
// as a clerk would: uploads a roster with the file picker, reads the
// findings table, changes a column choice, checks again, downloads the
// report. Prints what it saw as one JSON line; tests/serve_browser.rs
// starts the server and judges it.
//
//   node serve.mjs URL ROSTER DOWNLOAD_DIR [SCREENSHOT.png]
import { chromium } from "playwright-core";
import path from "node:path";
import fs from "node:fs";

const [url, roster, downloads, screenshot] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(downloads, "profile-"));
const context = await chromium.launchPersistentContext(profile, {
  acceptDownloads: true,
  viewport: { width: 1366, height: 900 },
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const seen = {};
try {
  const page = await context.newPage();
  // Any request that leaves the page's own server is a fault: the page
  // must work with the network unplugged.
  const origin = new URL(url).origin;
  seen.foreign = [];
  page.on("request", (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) seen.foreign.push(r.url()); });
  await page.goto(url);
  seen.title = await page.title();
  await page.setInputFiles("#files", roster);
  await page.waitForSelector("#results:not([hidden])", { timeout: 60000 });
  await page.waitForSelector("#findings[data-names]", { timeout: 60000 });
  const read = () => page.$$eval("#rows tr", (trs) => trs.map((tr) => {
    const cell = (c) => (tr.querySelector("td." + c) || {}).textContent || "";
    return { row: cell("row"), student: cell("student"), code: cell("code"), value: cell("value"),
             message: cell("message"), suggestion: cell("suggestion") };
  }));
  seen.first = await read();
  seen.totals = await page.$$eval("#totals div", (ds) => ds.map((d) => d.textContent));
  // Filter by code, then clear the filter.
  await page.selectOption("#f-code", "nss.duplicate");
  seen.filtered = (await read()).map((r) => r.row);
  await page.selectOption("#f-code", "");
  // Sort by row, descending (twice on the header's button).
  await page.click("#heads th:nth-child(2) button");
  await page.click("#heads th:nth-child(2) button");
  seen.sort = await page.getAttribute("#heads th:nth-child(2)", "aria-sort");
  seen.sortedRows = (await read()).map((r) => Number(r.row));
  if (screenshot) {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1366, height: 1500 } });
  }
  // The birth date taken from the "No." column instead, checked again.
  await page.selectOption("#col-0-nacimiento", "No.");
  const answered = page.waitForResponse((r) => r.url().includes("/check") && r.request().method() === "POST");
  await page.click("#recheck");
  await answered;
  await page.waitForFunction(() => !document.getElementById("recheck").disabled);
  seen.second = await read();
  seen.taken = await page.$eval("#col-0-nacimiento", (s) => s.value);
  const download = page.waitForEvent("download", { timeout: 60000 });
  await page.click("#get-report");
  const file = await download;
  seen.reportName = file.suggestedFilename();
  seen.report = path.join(downloads, "page-" + seen.reportName);
  await file.saveAs(seen.report);
  seen.error = await page.$eval("#error", (e) => (e.hidden ? "" : e.textContent));
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(seen));
