import { csrfToken } from '/assets/api.js';

// The session's CSRF cookie is set by any response; fetch one before the first sign-in attempt.
async function ensureCsrf() {
  if (!csrfToken()) await fetch('/login', { credentials: 'same-origin' });
}

const form = document.getElementById('login-form');
const error = document.getElementById('login-error');
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  error.hidden = true;
  await ensureCsrf();
  const res = await fetch('/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-XSRF-TOKEN': csrfToken(), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(new FormData(form)),
  });
  if (res.ok) {
    window.location.assign('/');
  } else {
    let detail = 'Sign-in failed.';
    try { detail = (await res.json()).detail; } catch (x) { /* keep default */ }
    error.textContent = detail;
    error.hidden = false;
  }
});
ensureCsrf();
