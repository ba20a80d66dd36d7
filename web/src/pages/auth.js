// pages/auth.js - log in and register.

import { h, replace, field, liveRegion } from '../dom.js';
import { api } from '../api.js';

/** #/login and #/register (opt.mode). */
export async function authPage(app, opt) {
  const register = opt.mode === 'register';
  const user = field(
    'Username',
    h('input', { name: 'username', autocomplete: 'username', required: true, minlength: 3, maxlength: 32, pattern: '[a-z0-9_.\\-]{3,32}', autocapitalize: 'none', spellcheck: 'false' }),
    register ? '3 to 32 characters: lower-case letters, digits, _ . -' : null,
  );
  const pass = field(
    'Password',
    h('input', { name: 'password', type: 'password', autocomplete: register ? 'new-password' : 'current-password', required: true, minlength: 8, maxlength: 128 }),
    register ? 'At least 8 characters.' : null,
  );
  const status = liveRegion();
  const button = h('button', { type: 'submit' }, register ? 'Create account' : 'Log in');
  const form = h('form', { class: 'card narrow', novalidate: false }, user.wrap, pass.wrap, button, status);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    button.disabled = true;
    status.set(register ? 'Creating your account…' : 'Logging in…');
    try {
      const u = user.input.value.trim();
      if (register) await api.register(u, pass.input.value);
      else await api.login(u, pass.input.value);
      await app.refreshMe();
      status.set('Welcome!', 'ok');
      app.go('/');
    } catch (e) {
      status.set(e.message, 'error');
      button.disabled = false;
      pass.input.focus();
    }
  });
  const other = register
    ? h('p', {}, 'Have an account? ', h('a', { href: '#/login' }, 'Log in'))
    : h('p', {}, 'New here? ', h('a', { href: '#/register' }, 'Create a learner account'), '. Instructor accounts are made by the server’s administrator.');
  replace(app.main, app.heading(register ? 'Create a learner account' : 'Log in'), form, other);
}
