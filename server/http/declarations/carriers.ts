/** The carriers a seller can ship with (for the update modal's picker). */
import { CarriersBody } from '../../contract/api.js';
import { declareRoute, errors, jsonContent } from './shared.js';

export const listCarriers = declareRoute({
  method: 'get',
  path: '/api/carriers',
  tags: ['Orders'],
  summary: 'The built-in carrier list',
  description:
    'Each listed carrier gives a shipment its tracking link and a default delivery window. Status changes take one of these codes as `carrier_code`, or any other carrier as free text in `carrier`.',
  responses: { 200: jsonContent(CarriersBody, 'Every carrier, by code and name'), ...errors([]) },
});
