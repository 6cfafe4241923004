// Scenario: the REST API builds its OpenAPI 3.1 document from these schemas, so each must convert to JSON Schema.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as customers from './customers.ts';
import * as employees from './employees.ts';
import * as approval from './hour-approval.ts';
import * as hours from './hour-schemas.ts';
import * as hourTypes from './hour-types.ts';
import * as machines from './machines.ts';
import * as products from './products.ts';
import * as projects from './projects.ts';
import * as transport from './transport.ts';
import * as users from './users.ts';
import * as workspaces from './workspaces.ts';

const modules = {
  customers,
  employees,
  approval,
  hourTypes,
  hours,
  machines,
  products,
  projects,
  transport,
  users,
  workspaces,
};

const schemas = Object.entries(modules).flatMap(([module, exports]) =>
  Object.entries(exports)
    .filter(([name, value]) => name.endsWith('Schema') && value instanceof z.ZodType)
    .map(([name, value]) => ({ label: `${module}.${name}`, name, schema: value as z.ZodType })),
);

describe('resource schemas', () => {
  it('covers create, update, output and list-query schemas of every resource', () => {
    const names = schemas.map((s) => s.name);
    for (const resource of [
      'customer',
      'employee',
      'hourType',
      'machine',
      'product',
      'project',
      'transportEntry',
      'hourEntry',
    ]) {
      for (const suffix of ['CreateSchema', 'UpdateSchema', 'Schema', 'ListQuerySchema']) {
        expect(names).toContain(`${resource}${suffix}`);
      }
    }
  });

  it.each(schemas)('$label converts to JSON Schema for input and output', ({ schema }) => {
    const input = z.toJSONSchema(schema, { io: 'input' }) as { type?: string };
    const output = z.toJSONSchema(schema, { io: 'output' }) as { type?: string };
    expect(input.type).toBe('object');
    expect(output.type).toBe('object');
  });

  it('output schemas use decimal strings for money and quantities', () => {
    const json = z.toJSONSchema(transport.transportEntrySchema) as {
      properties: Record<string, { type: string }>;
    };
    expect(json.properties.amount?.type).toBe('string');
    expect(json.properties.quantity?.type).toBe('string');
    const hour = z.toJSONSchema(hours.hourEntrySchema) as { properties: Record<string, { type: string }> };
    expect(hour.properties.hours?.type).toBe('string');
    expect(hour.properties.minutes?.type).toBe('integer');
  });

  it('update schemas accept an empty patch and create schemas name the required fields', () => {
    expect(customers.customerUpdateSchema.safeParse({}).success).toBe(true);
    expect(hours.hourEntryUpdateSchema.safeParse({}).success).toBe(true);
    const required = (z.toJSONSchema(hours.hourEntryCreateSchema, { io: 'input' }) as { required: string[] })
      .required;
    expect(required.sort()).toEqual(['date', 'employeeId', 'hourTypeId', 'projectId']);
  });
});
