import type { Locator, Page } from "playwright-core";

/** The open dropdown of an antd Select or TreeSelect (they render in a portal at the end of <body>). */
function openDropdown(page: Page): Locator {
  return page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)").last();
}

/** Opens an antd Select (found by its label) and picks the option with this exact text. */
export async function pickOption(page: Page, field: Locator, option: string): Promise<void> {
  await field.click();
  await openDropdown(page).locator(".ant-select-item-option").getByText(option, { exact: true }).click();
  await closeDropdown(page);
}

/**
 * Waits for the dropdown to close after a pick; on a loaded machine antd sometimes leaves it open
 * after the value is taken, so Escape closes it rather than failing the journey on a timing race.
 */
async function closeDropdown(page: Page): Promise<void> {
  try {
    await openDropdown(page).waitFor({ state: "hidden", timeout: 4000 });
  } catch {
    await page.keyboard.press("Escape");
    await openDropdown(page).waitFor({ state: "hidden" });
  }
}

/** Types into an antd TreeSelect with search and picks the node with this exact title. */
export async function pickTreeNode(page: Page, field: Locator, search: string, node: string): Promise<void> {
  await field.click();
  await field.pressSequentially(search);
  await openDropdown(page).locator(".ant-select-tree-title").getByText(node, { exact: true }).click();
  await closeDropdown(page);
}

/** The error messages antd shows under a form item, e.g. for 用户名. */
export function fieldErrors(scope: Locator | Page, label: string): Locator {
  // `has` takes a locator rooted at the page, evaluated inside each form item
  const page = "page" in scope ? scope.page() : scope;
  return scope.locator(".ant-form-item").filter({ has: page.locator(`label[title="${label}"]`) }).locator(".ant-form-item-explain-error");
}
