// The dashboard's tabs, in display order. Each module describes its kind of finding: columns, filters, the detail
// panel's own sections and actions, and which protection component and capability it depends on.
import alerts from '/assets/tabs/alerts.js';
import vulnerabilities from '/assets/tabs/vulnerabilities.js';
import misconfigurations from '/assets/tabs/misconfigurations.js';
import compliance from '/assets/tabs/compliance.js';

export const TABS = [alerts, vulnerabilities, misconfigurations, compliance];

export function tab(id) {
  return TABS.find((t) => t.id === id);
}
