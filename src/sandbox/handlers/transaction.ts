import { publicCopy, requireClient, type ServiceDef } from '../service.ts';

// TransactionService: only the user-defined dimension lists (its own namespace, see the WSDL).

export const transactionService: ServiceDef = {
  name: 'TransactionService',
  path: '/Economy/Accounting/V001/TransactionService.asmx',
  wsdl: 'transactionService.wsdl',
  operations: {
    GetUserDefinedDimensions: {
      needsClient: true,
      run: (ctx) => ({ result: requireClient(ctx).dimensionTypes.map(publicCopy) }),
    },
    GetUserDefinedDimensionValues: {
      needsClient: true,
      run: (ctx, p) => ({
        result: requireClient(ctx)
          .dimensionValues.filter((v) => v.TypeId === p.DimensionType)
          .map(publicCopy),
      }),
    },
  },
};
