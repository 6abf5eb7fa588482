// The header and footer every page but the kiosk shares, in the markup of Bootstrap Italia (the
// design system of Italian public digital services): the slim header with the body that answers
// for the network, the language switch and who is signed in; the centre header with the network's
// name; the main menu (a side panel on phones, Bootstrap Italia's own script); the footer with whom
// to ask for help and the privacy and accessibility pages. Drawn here and nowhere else.
//
// A page asks for it with two empty landmarks, and this module fills them as soon as it is
// imported (signin.js imports it, so they exist before any page script looks for #lingua):
//   <header class="it-header-wrapper" data-chrome="portal" data-current="search"></header>
//   <footer class="it-footer" data-chrome="footer"></footer>
// data-chrome names the menu (portal, staff or none); data-current the item of this page.
import { words, t, getPublic, identity } from './sportello.js';
import { el } from './dom.js';

words({
  it: {
    'chrome.tagline': 'Servizi di welfare vicino a te',
    'chrome.menu': 'Menu principale', 'chrome.menu.open': 'Apri il menu', 'chrome.menu.close': 'Chiudi il menu',
    'chrome.account': 'Il tuo accesso',
    'nav.search': 'Cerca servizi', 'nav.bookings': 'Le mie prenotazioni', 'nav.chat': 'Parla con noi',
    'nav.console': 'Console', 'nav.wall': 'Parete delle code', 'nav.admin': 'Gestione dei servizi',
    'nav.profile': 'Il mio profilo', 'nav.data': 'I miei dati', 'nav.staff': 'Personale',
    'nav.company': 'La mia azienda', 'nav.survey': 'Questionario', 'nav.surveys': 'Questionari', 'nav.reads': 'Registro degli accessi',
    'nav.welfareCard': 'La mia Welfare Card', 'nav.comune': 'Il mio Comune', 'nav.day': 'La giornata', 'nav.reports': 'Rapporti',
    'nav.vouchers': 'I miei buoni spesa',
    'nav.tickets': 'I miei biglietti',
    'nav.door': 'Ingresso eventi',
    'nav.voucherCounter': 'Cassa buoni spesa',
    'nav.bandi': 'Bandi e contributi', 'nav.applications': 'Le mie domande',
    'account.signin': 'Accedi',
    'footer.help': 'Serve aiuto?', 'footer.phone': 'Telefono', 'footer.email': 'E-mail', 'footer.hours': 'Orari',
    'footer.links': 'Informazioni', 'footer.privacy': 'Informativa sulla privacy',
    'footer.accessibility': 'Dichiarazione di accessibilità', 'footer.chat': 'Scrivi a un consulente',
  },
  en: {
    'chrome.tagline': 'Welfare services near you',
    'chrome.menu': 'Main menu', 'chrome.menu.open': 'Open the menu', 'chrome.menu.close': 'Close the menu',
    'chrome.account': 'Your sign-in',
    'nav.search': 'Find services', 'nav.bookings': 'My bookings', 'nav.chat': 'Talk to us',
    'nav.console': 'Console', 'nav.wall': 'Queue wall', 'nav.admin': 'Manage services',
    'nav.profile': 'My profile', 'nav.data': 'My data', 'nav.staff': 'Staff',
    'nav.company': 'My company', 'nav.survey': 'Survey', 'nav.surveys': 'Surveys', 'nav.reads': 'Access log',
    'nav.welfareCard': 'My Welfare Card', 'nav.comune': 'My municipality', 'nav.day': 'The day', 'nav.reports': 'Reports',
    'nav.vouchers': 'My shopping vouchers',
    'nav.tickets': 'My tickets',
    'nav.door': 'Event entrance',
    'nav.voucherCounter': 'Voucher till',
    'nav.bandi': 'Calls and grants', 'nav.applications': 'My applications',
    'account.signin': 'Sign in',
    'footer.help': 'Need help?', 'footer.phone': 'Phone', 'footer.email': 'E-mail', 'footer.hours': 'Hours',
    'footer.links': 'Information', 'footer.privacy': 'Privacy notice',
    'footer.accessibility': 'Accessibility statement', 'footer.chat': 'Write to an adviser',
  },
});

const SPRITES = '/vendor/bootstrap-italia/svg/sprites.svg';

// An item with {@code roles} is shown only to someone signed in with one of them ('*': anyone
// signed in); the server decides what they may do there, the menu only spares the others a dead end.
const MENUS = {
  portal: [
    { id: 'search', href: '/', key: 'nav.search' },
    { id: 'bookings', href: '/prenotazioni.html', key: 'nav.bookings' },
    { id: 'chat', href: '/chat.html', key: 'nav.chat' },
    { id: 'bandi', href: '/bandi.html', key: 'nav.bandi' },
    { id: 'applications', href: '/le-mie-domande.html', key: 'nav.applications', roles: ['citizen'] },
    { id: 'profile', href: '/profilo.html', key: 'nav.profile', roles: ['*'] },
    { id: 'welfare-card', href: '/carta-welfare.html', key: 'nav.welfareCard', roles: ['employee'] },
    { id: 'survey', href: '/questionario.html', key: 'nav.survey', roles: ['employee'] },
    { id: 'vouchers', href: '/i-miei-buoni.html', key: 'nav.vouchers', roles: ['citizen'] },
    { id: 'tickets', href: '/biglietti.html', key: 'nav.tickets', roles: ['citizen', 'employee'] },
    { id: 'data', href: '/i-miei-dati.html', key: 'nav.data', roles: ['*'] },
  ],
  staff: [
    { id: 'console', href: '/console.html', key: 'nav.console' },
    { id: 'wall', href: '/parete.html', key: 'nav.wall' },
    { id: 'admin', href: '/gestione.html', key: 'nav.admin' },
    { id: 'staff', href: '/personale.html', key: 'nav.staff', roles: ['supervisor', 'provider_admin'] },
    { id: 'company', href: '/azienda.html', key: 'nav.company', roles: ['hr_admin'] },
    { id: 'surveys', href: '/questionari.html', key: 'nav.surveys', roles: ['hr_admin', 'supervisor'] },
    { id: 'voucher-counter', href: '/cassa-buoni.html', key: 'nav.voucherCounter', roles: ['provider_admin'] },
    { id: 'reads', href: '/registro-accessi.html', key: 'nav.reads', roles: ['privacy_officer'] },
    { id: 'comune', href: '/comune.html', key: 'nav.comune', roles: ['municipal_officer'] },
    { id: 'day', href: '/giornata-ente.html', key: 'nav.day', roles: ['provider_staff'] },
    { id: 'door', href: '/ingresso.html', key: 'nav.door', roles: ['provider_admin', 'provider_staff'] },
    { id: 'reports', href: '/rapporti.html', key: 'nav.reports', roles: ['supervisor', 'provider_admin', 'municipal_officer', 'hr_admin'] },
  ],
  none: [],
};

/** Shows the menu items for whom {@code who} is (an identity, or null when nobody is signed in). */
export function showMenuFor(who) {
  const roles = (who && who.roles) || [];
  document.querySelectorAll('[data-menu-roles]').forEach(item => {
    const wanted = item.dataset.menuRoles.split(' ');
    item.hidden = !who || !wanted.some(role => role === '*' || roles.includes(role));
  });
}

/** An icon from Bootstrap Italia's sprite; decorative, so hidden from assistive technology. */
export function icon(name, extraClass = '') {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', ('icon ' + extraClass).trim());
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const use = document.createElementNS('http://www.w3.org/2000/svg', 'use');
  use.setAttribute('href', SPRITES + '#' + name);
  svg.append(use);
  return svg;
}

/** The last names the server gave, so the next page draws them at once instead of flickering. */
function rememberedSite() {
  try {
    return JSON.parse(sessionStorage.getItem('sportello.site')) || null;
  } catch (e) {
    return null;
  }
}

function container(...children) {
  return el('div', { class: 'container' }, el('div', { class: 'row' }, el('div', { class: 'col-12' }, ...children)));
}

function slimHeader() {
  return el('div', { class: 'it-header-slim-wrapper' }, container(
    el('div', { class: 'it-header-slim-wrapper-content' },
      el('span', { class: 'navbar-brand d-none d-lg-block', 'data-site': 'owner' }),
      el('div', { class: 'it-header-slim-right-zone', role: 'group', 'aria-label': t('chrome.account'),
        'data-t-attr': 'aria-label:chrome.account' },
        el('button', { type: 'button', id: 'lingua', class: 'btn btn-link btn-sm text-white', lang: 'en' }, 'English'),
        el('span', { id: 'chi', class: 'text-white chrome-who' }),
        el('a', { id: 'accedi', class: 'btn btn-primary btn-sm btn-icon', href: '/prenotazioni.html#accedi' },
          el('span', { class: 'rounded-icon' }, icon('it-user', 'icon-primary')),
          el('span', { 'data-t': 'account.signin' }, t('account.signin'))),
        el('button', { type: 'button', id: 'esci', class: 'btn btn-link btn-sm text-white', hidden: true,
          'data-t': 'auth.signout' }, t('auth.signout'))))));
}

function centerHeader() {
  return el('div', { class: 'it-header-center-wrapper' }, container(
    el('div', { class: 'it-header-center-content-wrapper' },
      el('div', { class: 'it-brand-wrapper' },
        el('a', { href: '/' },
          icon('it-pa'),
          el('div', { class: 'it-brand-text' },
            el('div', { class: 'it-brand-title', 'data-site': 'network' }, 'Sportello'),
            el('div', { class: 'it-brand-tagline d-none d-md-block', 'data-t': 'chrome.tagline' }, t('chrome.tagline'))))))));
}

function navbar(items, current) {
  if (!items.length) return null;
  const menuId = 'menu-principale';
  return el('div', { class: 'it-header-navbar-wrapper' }, container(
    el('nav', { class: 'navbar navbar-expand-lg', 'aria-label': t('chrome.menu'), 'data-t-attr': 'aria-label:chrome.menu' },
      el('button', { class: 'custom-navbar-toggler', type: 'button', 'aria-controls': menuId, 'aria-expanded': 'false',
        'aria-label': t('chrome.menu.open'), 'data-t-attr': 'aria-label:chrome.menu.open',
        'data-bs-toggle': 'navbarcollapsible', 'data-bs-target': '#' + menuId }, icon('it-burger')),
      el('div', { class: 'navbar-collapsable', id: menuId },
        el('div', { class: 'overlay' }),
        el('div', { class: 'close-div' },
          el('button', { class: 'btn close-menu', type: 'button' },
            el('span', { class: 'visually-hidden', 'data-t': 'chrome.menu.close' }, t('chrome.menu.close')),
            icon('it-close-big'))),
        el('div', { class: 'menu-wrapper' },
          el('ul', { class: 'navbar-nav' }, items.map(item => el('li', { class: 'nav-item',
            'data-menu-roles': item.roles ? item.roles.join(' ') : null, hidden: !!item.roles },
            el('a', { class: 'nav-link' + (item.id === current ? ' active' : ''), href: item.href,
              'aria-current': item.id === current ? 'page' : null },
              el('span', { 'data-t': item.key }, t(item.key)))))))))));
}

function footer() {
  const help = el('ul', { class: 'list-unstyled chrome-help', 'data-site': 'help' });
  return [
    el('div', { class: 'it-footer-main' }, el('div', { class: 'container' },
      el('div', { class: 'row' }, el('div', { class: 'col-12 py-3' },
        el('div', { class: 'it-brand-wrapper' }, el('a', { href: '/' }, icon('it-pa'),
          el('div', { class: 'it-brand-text' },
            el('p', { class: 'it-brand-title h2 mb-0', 'data-site': 'network' }, 'Sportello'),
            el('p', { class: 'it-brand-tagline mb-0', 'data-t': 'chrome.tagline' }, t('chrome.tagline'))))))),
      el('div', { class: 'row' },
        el('div', { class: 'col-md-6 pb-3' },
          el('h2', { class: 'h5 text-white', 'data-t': 'footer.help' }, t('footer.help')), help),
        el('div', { class: 'col-md-6 pb-3' },
          el('h2', { class: 'h5 text-white', 'data-t': 'footer.links' }, t('footer.links')),
          el('ul', { class: 'list-unstyled' },
            el('li', {}, el('a', { href: '/chat.html', 'data-t': 'footer.chat' }, t('footer.chat'))),
            el('li', {}, el('a', { href: '/privacy.html', 'data-t': 'footer.privacy' }, t('footer.privacy'))),
            el('li', {}, el('a', { href: '/accessibilita.html', 'data-t': 'footer.accessibility' }, t('footer.accessibility')))))))),
    el('div', { class: 'it-footer-small-prints clearfix' }, el('div', { class: 'container' },
      el('p', { class: 'py-2 mb-0 text-white', 'data-site': 'owner' }))),
  ];
}

/** Writes the site's names into every element that shows one, and the help contacts into the footer. */
function showSite(site) {
  document.querySelectorAll('[data-site="network"]').forEach(node => { node.textContent = site.network; });
  document.querySelectorAll('[data-site="owner"]').forEach(node => { node.textContent = site.owner; });
  document.querySelectorAll('[data-site="help"]').forEach(list => list.replaceChildren(...helpContacts(site.help)));
}

/** The help desk's phone, e-mail and hours as list items (links where one can call or write). */
export function helpContacts(help = {}) {
  return [
    help.phone && el('li', {}, el('span', { 'data-t': 'footer.phone' }, t('footer.phone')), ': ',
      el('a', { href: 'tel:' + help.phone.replace(/\s/g, '') }, help.phone)),
    help.email && el('li', {}, el('span', { 'data-t': 'footer.email' }, t('footer.email')), ': ',
      el('a', { href: 'mailto:' + help.email }, help.email)),
    help.hours && el('li', {}, el('span', { 'data-t': 'footer.hours' }, t('footer.hours')), ': ', help.hours),
  ].filter(Boolean);
}

let siteInfo = null;

/** Who runs this installation and whom to ask (GET /api/v1/site), fetched once per page. */
export function site() {
  siteInfo = siteInfo || getPublic('/api/v1/site').then(info => {
    sessionStorage.setItem('sportello.site', JSON.stringify(info));
    return info;
  });
  return siteInfo;
}

function mount() {
  const header = document.querySelector('header[data-chrome]');
  if (header) {
    const items = MENUS[header.dataset.chrome] || [];
    header.replaceChildren(slimHeader(), el('div', { class: 'it-nav-wrapper' }, centerHeader(), navbar(items, header.dataset.current)));
    showMenuFor(identity());
  }
  const foot = document.querySelector('footer[data-chrome]');
  if (foot) foot.replaceChildren(...footer());
  const known = rememberedSite();
  if (known) showSite(known);
  if (header || foot) site().then(showSite).catch(() => { /* the names stay as last seen; the page works without them */ });
}

mount();
