/**
 * The words and layout of the order e-mails: a subject, a plain-text part and an HTML part
 * (inline styles and tables, as mail clients render them), each with a link to the order's
 * page and the unsubscribe link. Pure: what it needs is handed in.
 */
import { formatCents } from '../domain/money.js';
import type { MailKind } from '../domain/mail.js';
import type { MailRecipient } from '../domain/ports.js';
import { trackingUrl, type DeliveryWindow } from '../domain/carriers.js';
import type { OrderDetail } from '../domain/model.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { ReturnRequest } from '../domain/returns.js';

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailLinks {
  /** The order's page, by order number. */
  order(orderNumber: string): string;
  /** The checkout's page (every order of it), by checkout number. */
  checkout(checkoutNumber: string): string;
  unsubscribe: string;
}

const BRAND = '#4f46e5';

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const dateOf = (ms: number) => new Date(ms).toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

interface Content {
  subject: string;
  /** The first line, under the greeting. */
  lead: string;
  /** What the seller said to the buyer with this change, quoted. */
  message: string | null;
  /** Facts shown as label/value pairs (carrier, tracking number, …); a link where the value has one. */
  facts: [string, string, string?][];
  orders: OrderDetail[];
  /** The button's words. */
  action: string;
}

function contentOf(kind: MailKind, orders: OrderDetail[], decision: ReturnRequest | null): Content {
  const first = orders[0];
  if (!first) throw new Error('an order e-mail names at least one order');
  const number = first.orderNumber;
  switch (kind) {
    case 'order_confirmation': {
      const total = orders.reduce((sum, o) => sum + o.totalAmount, 0);
      const many = orders.length > 1;
      return {
        subject: many ? `Your OrderPulse orders ${orders.map((o) => o.orderNumber).join(', ')}` : `Your OrderPulse order ${number}`,
        lead: many
          ? `Thank you for your order. It comes to ${formatCents(total)} in ${orders.length} orders, one per seller, each tracked on its own.`
          : `Thank you for your order from ${first.storeName}. We will let you know when it ships.`,
        message: null,
        facts: [['Placed', dateOf(first.createdAt)], ...(many ? ([['Total', formatCents(total)]] as [string, string][]) : [])],
        orders,
        action: many ? 'Track your orders' : 'Track your order',
      };
    }
    case 'order_shipped': {
      const { carrier, carrierCode, trackingNumber, estimatedDelivery } = first.shipment;
      const facts: [string, string, string?][] = [];
      if (carrier) facts.push(['Carrier', carrier]);
      const link = trackingUrl(carrierCode, trackingNumber);
      facts.push(link && trackingNumber ? ['Tracking number', trackingNumber, link] : ['Tracking number', trackingNumber ?? 'not given by the seller']);
      if (estimatedDelivery) facts.push(['Arriving', windowOf(estimatedDelivery)]);
      return {
        subject: `Your order ${number} is on its way`,
        lead: `${first.storeName} has shipped your order.`,
        message: messageFor(first, 'shipped'),
        facts,
        orders,
        action: 'Follow your order',
      };
    }
    case 'order_delivered':
      return {
        subject: `Your order ${number} was delivered`,
        lead: `Your order from ${first.storeName} was delivered${first.shipment.deliveredAt ? ` on ${dateOf(first.shipment.deliveredAt)}` : ''}. Enjoy it!`,
        message: messageFor(first, 'delivered'),
        facts: [],
        orders,
        action: 'See your order',
      };
    case 'order_cancelled':
      return {
        subject: `Your order ${number} was cancelled`,
        lead: `Your order from ${first.storeName} was cancelled. You will not be charged for it.`,
        message: messageFor(first, 'cancelled'),
        facts: [],
        orders,
        action: 'See your order',
      };
    case 'return_decided': {
      if (!decision) throw new Error('a return decision e-mail tells its decision');
      const approved = decision.status === 'approved';
      return {
        subject: approved ? `Your return of order ${number} was approved` : `Your return request for order ${number} was declined`,
        lead: approved
          ? `${first.storeName} approved your return of order ${number}.`
          : `${first.storeName} declined your request to return order ${number}.`,
        message: decision.buyerMessage,
        facts: [
          ['Reason you gave', RETURN_REASON_LABELS[decision.reason]],
          ['Decided', dateOf(decision.decidedAt ?? decision.createdAt)],
        ],
        orders,
        action: 'See your order',
      };
    }
  }
}

const RETURN_REASON_LABELS: Record<ReturnRequest['reason'], string> = {
  damaged: 'Damaged',
  wrong_item: 'Wrong item',
  not_as_described: 'Not as described',
  no_longer_needed: 'No longer needed',
  other: 'Other',
};

/** `decision`: the return request as decided, for a `return_decided` e-mail. */
export function composeMail(kind: MailKind, recipient: MailRecipient, orders: OrderDetail[], links: MailLinks, decision: ReturnRequest | null = null): ComposedMail {
  const c = contentOf(kind, orders, decision);
  const greeting = `Hello ${recipient.firstName},`;
  // The confirmation's button opens the checkout's page (its orders together); the others the order's.
  const first = orders[0];
  const checkout = kind === 'order_confirmation' ? first?.checkoutNumber : null;
  const primary = checkout ? links.checkout(checkout) : links.order(first?.orderNumber ?? '');
  const footer = `You get this e-mail because you ordered on OrderPulse. To stop order e-mails: ${links.unsubscribe}`;

  const text = [
    greeting,
    '',
    c.lead,
    ...(c.message ? ['', `Message from ${orders[0]?.storeName ?? 'the seller'}: “${c.message}”`] : []),
    ...(c.facts.length > 0 ? ['', ...c.facts.map(([label, value, link]) => `${label}: ${value}${link ? ` (${link})` : ''}`)] : []),
    ...c.orders.flatMap((o) => [
      '',
      `Order ${o.orderNumber} from ${o.storeName}`,
      ...o.items.map((i) => `  ${i.quantity} × ${i.productName}${variant(i.size, i.color)}  ${formatCents(i.unitPrice * i.quantity)}`),
      `  Total ${formatCents(o.totalAmount)}`,
      `  ${links.order(o.orderNumber)}`,
    ]),
    '',
    `${c.action}: ${primary}`,
    '',
    '--',
    footer,
    '',
  ].join('\n');

  const factRows = c.facts
    .map(([label, value, link]) => {
      const shown = link ? `<a href="${escape(link)}" style="color:${BRAND}">${escape(value)}</a>` : escape(value);
      return `<tr><td style="padding:2px 12px 2px 0;color:#6b7280">${escape(label)}</td><td style="padding:2px 0;font-weight:600">${shown}</td></tr>`;
    })
    .join('');
  const orderBlocks = c.orders
    .map(
      (o) => `
      <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="margin:20px 0 0;border:1px solid #e5e7eb;border-radius:8px">
        <tr><td colspan="2" style="padding:12px 16px;background:#f9fafb;border-bottom:1px solid #e5e7eb;border-radius:8px 8px 0 0">
          <a href="${escape(links.order(o.orderNumber))}" style="color:${BRAND};font-weight:700;text-decoration:none">Order ${escape(o.orderNumber)}</a>
          <span style="color:#6b7280"> · ${escape(o.storeName)}</span>
        </td></tr>
        ${o.items
          .map(
            (i) => `<tr>
          <td style="padding:8px 16px">${i.quantity} × ${escape(i.productName)}<span style="color:#6b7280">${escape(variant(i.size, i.color))}</span></td>
          <td align="right" style="padding:8px 16px;white-space:nowrap">${escape(formatCents(i.unitPrice * i.quantity))}</td>
        </tr>`,
          )
          .join('')}
        <tr><td style="padding:8px 16px;border-top:1px solid #e5e7eb;font-weight:700">Total</td>
          <td align="right" style="padding:8px 16px;border-top:1px solid #e5e7eb;font-weight:700;white-space:nowrap">${escape(formatCents(o.totalAmount))}</td></tr>
      </table>`,
    )
    .join('');

  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(c.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#111827">
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px 12px">
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:12px;padding:28px">
      <tr><td style="font-size:20px;font-weight:800;color:${BRAND}">OrderPulse</td></tr>
      <tr><td style="padding-top:20px;font-size:16px;line-height:1.5">
        <p style="margin:0 0 8px">${escape(greeting)}</p>
        <p style="margin:0">${escape(c.lead)}</p>
        ${c.message ? `<blockquote style="margin:16px 0 0;padding:8px 12px;border-left:3px solid ${BRAND};background:#f9fafb">${escape(c.message)}</blockquote>` : ''}
        ${factRows ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin-top:16px">${factRows}</table>` : ''}
        ${orderBlocks}
        <p style="margin:24px 0 0"><a href="${escape(primary)}" style="display:inline-block;background:${BRAND};color:#ffffff;padding:12px 20px;border-radius:8px;font-weight:700;text-decoration:none">${escape(c.action)}</a></p>
      </td></tr>
    </table>
    <p style="max-width:560px;margin:16px auto 0;font-size:12px;line-height:1.5;color:#6b7280">
      You get this e-mail because you ordered on OrderPulse. <a href="${escape(links.unsubscribe)}" style="color:#6b7280">Unsubscribe from order e-mails</a>.
    </p>
  </td></tr></table>
</body></html>
`;
  return { subject: c.subject, text, html };
}

/** The buyer message of the order's latest move to `status` (the note stays the seller's). */
function messageFor(order: OrderDetail, status: OrderStatus): string | null {
  const entry = [...order.history].reverse().find((h) => h.toStatus === status);
  return entry?.buyerMessage ?? null;
}

/** "Tue 12 Dec – Thu 14 Dec" (dates in ISO form, as the shipment keeps them). */
function windowOf(window: DeliveryWindow): string {
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  return window.earliest === window.latest ? day(window.earliest) : `${day(window.earliest)} – ${day(window.latest)}`;
}

function variant(size: string | null, color: string | null): string {
  const parts = [size && `size ${size}`, color && `colour ${color}`].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
