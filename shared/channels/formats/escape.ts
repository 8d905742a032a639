/**
 * Text that comes from the cloud (key ids, regions, key states, project
 * and Logstore names as KMS and SLS report them) is shown inside chat
 * markup, and none of it may become markup: a key id such as
 * `key-x [click](https://evil.example) @all` must not turn into a link,
 * a mention or a new line of its own.
 *
 * The robots' markdown flavours do not document escapes, and one that
 * ignored a backslash would still render the link. So the characters
 * that start markup are swapped for their full-width forms, which no
 * flavour reads as markup and a reader still recognises. Underscores and
 * hyphens stay as they are: ids are made of them, and an underscore
 * inside a word is no emphasis. A bare URL stays visible text; whether
 * a client makes it clickable is the client's choice.
 */
const SWAPS: Readonly<Record<string, string>> = {
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '&': '＆',
  '@': '＠',
  '`': '｀',
  '*': '＊',
  '~': '～',
  '\\': '＼',
};

// Line breaks would let a value open a heading, list, quote or table row.
const LINE_BREAKS = /[\p{Cc}\u2028\u2029]+/gu;

const swap = (text: string, pattern: RegExp): string =>
  text.replace(LINE_BREAKS, ' ').replace(pattern, (c) => SWAPS[c] ?? c);

const MARKDOWN_STARTS = /[[\]<>&@`*~\\]/g;

/** For DingTalk, WeCom and Feishu markdown. */
export const neutraliseMarkdown = (text: string): string =>
  swap(text, MARKDOWN_STARTS);

/**
 * Slack's own escapes for the three characters its mrkdwn reserves for
 * links and mentions (`<https://…|text>`, `<!channel>`); keyguard's own
 * headline needs only these.
 */
export const escapeSlackControl = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

const SLACK_STARTS = /[[\]@`*~\\]/g;

/** For Slack mrkdwn: Slack's escapes, then the same swaps as markdown. */
export const neutraliseSlack = (text: string): string =>
  escapeSlackControl(swap(text, SLACK_STARTS));
