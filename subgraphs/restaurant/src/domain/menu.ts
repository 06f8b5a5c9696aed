import { BadUserInput, type MenuItem } from '@ftgo/schema';

const isBlank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';

/**
 * DOMAIN §1.4 menu rules, rule by rule over the whole menu in the spec's order, so the first
 * failing rule is the one reported. Returns the menu with ids and names trimmed, in input order.
 */
export function validateMenu(menu: readonly MenuItem[]): MenuItem[] {
  if (menu.length === 0) throw new BadUserInput('a menu must have at least one item');
  // DOMAIN §0: menu-item ids are caller labels, non-blank; checked before uniqueness so that
  // two blank ids report the blank id rather than a duplicate.
  if (menu.some((item) => isBlank(item.id))) throw new BadUserInput('menu item id must not be blank');
  const ids = menu.map((item) => item.id.trim());
  if (new Set(ids).size !== ids.length) throw new BadUserInput('menu item ids must be unique');
  if (menu.some((item) => isBlank(item.name))) throw new BadUserInput('menu item name must not be blank');
  if (menu.some((item) => !(Number.isInteger(item.price) && item.price > 0))) {
    throw new BadUserInput('menu item price must be greater than zero');
  }
  return menu.map((item, i) => ({ id: ids[i], name: item.name.trim(), price: item.price }));
}
