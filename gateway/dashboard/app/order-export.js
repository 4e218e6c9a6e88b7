// A purchase order as a CSV file the buyer can send or import elsewhere: one row per line, with the
// supplier and dates on every row so each row stands alone. Built and downloaded in the browser.

export const ORDER_CSV_COLUMNS = [
  'supplier', 'order_date', 'delivery_date', 'needed_by', 'ingredient', 'quantity', 'unit', 'unit_price', 'cost', 'currency',
];

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value) {
  const text = String(value ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The order's lines as CSV text (header first, CRLF line ends); numbers as the API gives them. */
export function orderCsv(order) {
  const rows = order.lines.map((line) => [
    order.supplier.name, order.orderDate, line.deliveryDate, line.neededBy, line.ingredient.name,
    line.quantity, line.unit, line.unitPrice, line.cost, order.currency,
  ]);
  return [ORDER_CSV_COLUMNS, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** "order-flour-mill-2025-03-03.csv" */
export function orderFileName(order) {
  const supplier = order.supplier.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'supplier';
  return `order-${supplier}-${order.orderDate}.csv`;
}

/** Saves `text` as a file through a Blob link (nothing leaves the browser). */
export function downloadText(fileName, text, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
