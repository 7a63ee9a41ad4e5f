/** Attributes set with setAttribute, except `text` (textContent) and `on*` handlers (addEventListener). */
type Props = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

/**
 * A new element. Text goes in through textContent only, never innerHTML: tags and handles come from the data, and
 * building the page from nodes means no value can ever be read as markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (name === "text") element.textContent = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) if (child !== null) element.append(child);
  return element;
}
