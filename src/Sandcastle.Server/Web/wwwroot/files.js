// Files of a sandbox: previews (images inline, HTML in a frame that runs nothing, text as text), downloads, and
// the workspace tree of the sandbox view with upload and delete.
import * as api from './api.js';
import { el, bytes, saveBlob, htmlFrame, announce } from './dom.js';

const textTypes = /\.(txt|csv|tsv|json|md|py|js|ts|sh|log|ya?ml|xml)$/i;
const imageTypes = /\.(png|jpe?g|gif|webp)$/i;

/** A file with its preview and a download button. */
export function previewFile(sandbox, file) {
  const preview = el('div', { className: 'preview' });
  const download = el('button', { type: 'button', className: 'quiet', onclick: () => downloadFile(sandbox, file) },
    'Download ', el('span', { className: 'visually-hidden' }, file.path));
  fillPreview(preview, sandbox, file);
  return el('figure', { className: 'file-preview' },
    preview,
    el('figcaption', {}, el('span', { className: 'file-name' }, file.path), ` ${bytes(file.size)} `, download));
}

async function fillPreview(preview, sandbox, file) {
  try {
    if (imageTypes.test(file.path)) {
      const image = el('img', { alt: `${file.path} (made by the program)`, className: 'chart' });
      image.src = URL.createObjectURL(await api.blob(api.filePath(sandbox, file.path)));
      preview.append(image);
    } else if (/\.html?$/i.test(file.path) && file.size < 1_000_000) {
      preview.append(htmlFrame(await (await api.blob(api.filePath(sandbox, file.path))).text(), file.path));
    } else if (textTypes.test(file.path)) {
      const text = await (await api.blob(api.filePath(sandbox, file.path))).slice(0, 4096).text();
      preview.append(el('pre', { className: 'output', tabindex: '0', 'aria-label': `Start of ${file.path}` }, text));
    }
  } catch (error) {
    preview.append(el('p', { className: 'error' }, `No preview: ${error.message}`));
  }
}

export async function downloadFile(sandbox, file) {
  saveBlob(await api.blob(api.filePath(sandbox, file.path)), file.name ?? file.path.split('/').pop());
  announce(`Downloaded ${file.path}.`);
}

/** The workspace as an indented list: one row per entry with download and delete for files. */
export async function renderTree(sandbox, list, onError) {
  let listing;
  try {
    listing = await api.get(`${api.filePath(sandbox)}?recursive=true`);
  } catch (error) {
    onError(error);
    return;
  }
  const entries = listing.entries.slice().sort((a, b) => a.path.localeCompare(b.path));
  if (entries.length === 0) {
    list.replaceChildren(el('li', { className: 'hint' }, 'The workspace is empty.'));
    return;
  }
  list.replaceChildren(...entries.map((entry) => {
    const depth = entry.path.split('/').length - 1;
    const row = el('li', { className: `tree-row depth-${Math.min(depth, 6)}` },
      el('span', { className: `file-name ${entry.type}` }, entry.type === 'directory' ? `${entry.name}/` : entry.name),
      el('span', { className: 'hint' }, entry.type === 'file' ? bytes(entry.size) : ''));
    if (entry.type === 'file') {
      row.append(
        el('button', { type: 'button', className: 'quiet', onclick: () => downloadFile(sandbox, entry).catch(onError) },
          'Download', el('span', { className: 'visually-hidden' }, ` ${entry.path}`)),
        el('button', {
          type: 'button', className: 'quiet danger', onclick: async () => {
            try {
              await api.del(api.filePath(sandbox, entry.path));
              announce(`Deleted ${entry.path}.`);
              await renderTree(sandbox, list, onError);
            } catch (error) { onError(error); }
          },
        }, 'Delete', el('span', { className: 'visually-hidden' }, ` ${entry.path}`)));
    }
    return row;
  }));
}

export async function upload(sandbox, files) {
  for (const file of files) await api.put(api.filePath(sandbox, file.name), file);
  announce(`Uploaded ${files.length} file(s).`);
}
