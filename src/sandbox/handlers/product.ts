import type { Obj } from '../codec.ts';
import {
  apiException,
  changedAfter,
  type OperationContext,
  onlyMap,
  propertySet,
  publicCopy,
  requireClient,
  type ServiceDef,
} from '../service.ts';
import { isoSeconds, nextId } from '../state.ts';

// ProductService: a product always belongs to a category; failed items of SaveProducts carry
// an APIException while the rest are saved.

function getProducts(ctx: OperationContext, p: Obj) {
  const client = requireClient(ctx);
  const s = (p.searchParams as Obj | undefined) ?? {};
  const ids = Array.isArray(s.ProductIds) ? new Set(s.ProductIds as number[]) : undefined;
  const name = typeof s.Name === 'string' ? s.Name.toLowerCase() : undefined;
  const result = client.products.filter((x) => {
    if (s.Id !== undefined && x.Id !== s.Id) return false;
    if (ids && !ids.has(x.Id as number)) return false;
    if (s.CategoryId !== undefined && x.CategoryId !== s.CategoryId) return false;
    if (s.No !== undefined && x.No !== s.No) return false;
    if (s.EAN1 !== undefined && x.EAN1 !== s.EAN1) return false;
    if (
      name &&
      !String(x.Name ?? '')
        .toLowerCase()
        .includes(name)
    )
      return false;
    if (s.Price !== undefined && x.Price !== s.Price) return false;
    return changedAfter(x.DateChanged, s.DateChanged);
  });
  return { result: result.map(publicCopy), only: onlyMap(['Product', propertySet(p.returnProperties)]) };
}

function validate(input: Obj, creating: boolean, categoryIds: Set<unknown>): string | undefined {
  if (creating && (typeof input.Name !== 'string' || input.Name.trim() === '')) return 'Name is required.';
  if (creating && input.CategoryId === undefined)
    return 'CategoryId is required: a product must belong to a category.';
  if (input.CategoryId !== undefined && !categoryIds.has(input.CategoryId))
    return `Category ${input.CategoryId} does not exist.`;
  if (typeof input.Name === 'string' && input.Name.length > 125)
    return 'Name cannot be longer than 125 characters.';
  if (typeof input.No === 'string' && input.No.length > 100)
    return 'No cannot be longer than 100 characters.';
  if (typeof input.EAN1 === 'string' && input.EAN1.length > 50)
    return 'EAN1 cannot be longer than 50 characters.';
  return undefined;
}

function saveProducts(ctx: OperationContext, p: Obj) {
  const client = requireClient(ctx);
  const categoryIds = new Set(client.productCategories.map((c) => c.Id));
  const stamp = isoSeconds(ctx.now);
  const result = ((p.products as Obj[] | undefined) ?? []).map((input) => {
    const id = typeof input.Id === 'number' && input.Id > 0 ? input.Id : undefined;
    const existing = id === undefined ? undefined : client.products.find((x) => x.Id === id);
    const problem =
      id !== undefined && !existing
        ? `Product with Id ${id} does not exist.`
        : validate(input, !existing, categoryIds);
    if (problem) return { ...input, APIException: apiException('Data.ValidationException', problem) };
    const { APIException: _a, DateChanged: _d, ...changes } = input;
    ctx.changed = true;
    if (existing) {
      Object.assign(existing, changes, { DateChanged: stamp });
      return publicCopy(existing);
    }
    const created: Obj = {
      StatusId: 1,
      PriceGroupID: 0,
      ...changes,
      Id: nextId(client, 'products'),
      DateChanged: stamp,
    };
    client.products.push(created);
    return publicCopy(created);
  });
  return { result };
}

export const productService: ServiceDef = {
  name: 'ProductService',
  path: '/Logistics/Product/V001/ProductService.asmx',
  wsdl: 'productService.wsdl',
  operations: {
    GetProducts: { needsClient: true, run: getProducts },
    SaveProducts: { needsClient: true, run: saveProducts },
    GetCategories: {
      needsClient: true,
      run: (ctx, p) => ({
        result: requireClient(ctx).productCategories.map(publicCopy),
        only: onlyMap(['Category', propertySet(p.returnProperties)]),
      }),
    },
    SetStockQuantity: {
      needsClient: true,
      run: (ctx, p) => {
        const product = requireClient(ctx).products.find((x) => x.Id === p.productId);
        if (!product || typeof p.stockQuantity !== 'string') return { result: false };
        product.Stock = p.stockQuantity;
        product.DateChanged = isoSeconds(ctx.now);
        ctx.changed = true;
        return { result: true };
      },
    },
  },
};
