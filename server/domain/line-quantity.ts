/**
 * The most units one cart or order line may ask for at once, whatever the stock: a typo
 * (99999) is refused rather than read as an order. The API's `quantity` rule and the web
 * app's quantity fields both take it from here.
 */
export const MAX_LINE_QUANTITY = 1000;
