// One colour per variant, in variant order (the control first), shared by the charts and the
// progress bars so a variant looks the same everywhere on the page.
const colors = ['#64748b', '#2563eb', '#16a34a', '#d97706', '#9333ea', '#db2777', '#0891b2', '#65a30d'];

export const variantColor = (index: number) => colors[index % colors.length]!;
