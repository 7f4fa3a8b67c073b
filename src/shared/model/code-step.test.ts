import { describe, expect, it } from 'vitest';
import { model } from '../../../test/governance/builders';
import { codeStepTemplate, codeStepTypes } from './code-step';

describe('code step declarations', () => {
  it('type the input by entity as expressions name it, and the output as the produced entity', () => {
    const types = codeStepTypes(model(), ['InventoryLevel.sku', 'InventoryLevel.available', 'Order.total'], 'Order');
    expect(types).toContain('interface Input {\n  InventoryLevel: {\n    sku?: string;\n    available?: number;\n  };\n  Order: {\n    total?: number /* minor units */;\n  };\n}');
    expect(types).toContain('interface Output {\n  orderId?: string;\n  total?: number /* minor units */;\n}');
  });

  it('start a new step from the produced entity’s key, when it is in scope', () => {
    expect(codeStepTemplate(model(), ['Order.orderId'], 'Order')).toContain('return { orderId: input.Order.orderId };');
    expect(codeStepTemplate(model(), [], 'Order')).toContain('return {};');
  });
});
