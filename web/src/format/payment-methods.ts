import type { PaymentMethod } from '../../../server/contract/api.js';

export const PAYMENT_METHOD_LABELS: Readonly<Record<PaymentMethod, string>> = {
  card: 'Credit or debit card',
  paypal: 'PayPal',
  bank_transfer: 'Bank transfer',
  cash_on_delivery: 'Cash on delivery',
};

export const PAYMENT_METHODS: readonly PaymentMethod[] = ['card', 'paypal', 'bank_transfer', 'cash_on_delivery'];
