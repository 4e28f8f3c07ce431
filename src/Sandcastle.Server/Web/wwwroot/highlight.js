// A deliberately small syntax highlighter for the languages Sandcastle runs (Python, JavaScript, TypeScript, Bash):
// comments, strings, numbers and keywords, which is what makes code readable at a glance. It builds DOM nodes
// (never HTML strings), so code from the model cannot inject markup. Unfinished code (still streaming) is fine:
// an unclosed string simply runs to the end.

const words = (text) => new Set(text.split(' '));

const keywords = {
  python: words('False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case'),
  javascript: words('async await break case catch class const continue debugger default delete do else export extends false finally for function if import in instanceof let new null of return static super switch this throw true try typeof undefined var void while with yield'),
  bash: words('if then else elif fi for while until do done case esac in function return local export readonly declare echo exit set unset shift source'),
};
keywords.typescript = new Set([...keywords.javascript, ...words('type interface enum implements private protected public readonly abstract as declare namespace keyof satisfies never unknown any string number boolean')]);

const builtins = {
  python: words('print len range int float str list dict set tuple sum min max abs sorted enumerate zip map filter open isinstance round'),
  javascript: words('console Math JSON Array Object String Number Promise Map Set require process'),
  bash: words(''),
};
builtins.typescript = builtins.javascript;

// One alternation per language; the first group that matches names the token's class.
const patterns = {
  python: /(#[^\n]*)|("""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|[rbfu]{0,2}"(?:\\.|[^"\\\n])*"?|[rbfu]{0,2}'(?:\\.|[^'\\\n])*'?)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?j?\b)|([A-Za-z_]\w*)/gi,
  javascript: /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|(`(?:\\[\s\S]|[^`\\])*`?|"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?)|(\b\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?n?\b)|([A-Za-z_$][\w$]*)/gi,
  bash: /(#[^\n]*)|("(?:\\.|[^"\\])*"?|'[^']*'?)|(\b\d+\b)|([A-Za-z_][\w-]*)/g,
};
patterns.typescript = patterns.javascript;

/** Replaces the children of `element` with `code` highlighted as `language` (plain text for unknown ones). */
export function highlightInto(element, code, language) {
  const pattern = patterns[language];
  const fragment = document.createDocumentFragment();
  if (!pattern) {
    fragment.append(code);
    element.replaceChildren(fragment);
    return;
  }
  let last = 0;
  pattern.lastIndex = 0;
  for (let match; (match = pattern.exec(code)) !== null;) {
    if (match[0].length === 0) { pattern.lastIndex++; continue; }
    const kind = match[1] ? 'comment' : match[2] ? 'string' : match[3] ? 'number'
      : keywords[language].has(match[4]) ? 'keyword' : builtins[language].has(match[4]) ? 'builtin' : null;
    if (!kind) continue;
    if (match.index > last) fragment.append(code.slice(last, match.index));
    const span = document.createElement('span');
    span.className = `tok-${kind}`;
    span.textContent = match[0];
    fragment.append(span);
    last = match.index + match[0].length;
  }
  if (last < code.length) fragment.append(code.slice(last));
  element.replaceChildren(fragment);
}
