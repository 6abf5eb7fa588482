// The pages that only inform (accessibility statement, privacy notice): the shared header and
// footer, the language switch and who is signed in. Their text is written in the page, in Italian,
// with an English version beside it that the language switch shows instead.
import { startHeader } from './signin.js';
import { currentLanguage } from './sportello.js';

function showLanguage() {
  const language = currentLanguage();
  document.querySelectorAll('[data-lang-block]').forEach(block => { block.hidden = block.dataset.langBlock !== language; });
}

startHeader({ onLanguage: showLanguage });
showLanguage();
