// The small DOM helpers every screen uses: find by id, build and fill elements, move focus, and
// say something through the page's polite live region. Nothing here knows about Sportello's API.

/** The element with this id, or null. */
export function byId(id) {
  return document.getElementById(id);
}

/** The parts of a list of children worth drawing: nested lists flattened, null, undefined and false left out. */
function present(children) {
  return children.flat().filter(child => child !== undefined && child !== null && child !== false);
}

/** Creates an element: el('button', {type: 'button', onclick: f}, 'Testo'). */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of present(children)) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replaces {@code node}'s content, leaving out empty parts (replaceChildren would write "null"). */
export function fill(node, ...children) {
  node.replaceChildren(...present(children));
  return node;
}

/** Moves keyboard and screen-reader focus to {@code node} (headings get tabindex -1 for it). */
export function focusOn(node) {
  if (!node) return;
  if (!node.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(node.tagName)) {
    node.setAttribute('tabindex', '-1');
  }
  node.focus();
}

/** Says something to screen-reader users through the page's polite live region (#annunci). */
export function announce(text) {
  const region = byId('annunci');
  if (!region) return;
  region.textContent = '';
  setTimeout(() => { region.textContent = text; }, 50);
}
