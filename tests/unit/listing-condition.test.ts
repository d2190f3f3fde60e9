import { describe, expect, it } from 'vitest';
import { GRADES } from '../../shared/domain/catalog';
import { channelCondition } from '../../shared/domain/listing-condition';

const sold = (grade: (typeof GRADES)[number]) => ({ grade, repaired: false });
const repaired = (grade: (typeof GRADES)[number]) => ({ grade, repaired: true });

describe('channelCondition', () => {
  it('maps our grades to eBay’s condition values, for parts when defective', () => {
    expect(GRADES.map((grade) => channelCondition('ebay', sold(grade)))).toEqual(['LIKE_NEW', 'USED_VERY_GOOD', 'USED_GOOD', 'FOR_PARTS_OR_NOT_WORKING']);
  });

  it('lists a repaired item on eBay as seller-refurbished, unless the repair left it defective', () => {
    expect(channelCondition('ebay', repaired('GOOD'))).toBe('SELLER_REFURBISHED');
    expect(channelCondition('ebay', repaired('LIKE_NEW'))).toBe('SELLER_REFURBISHED');
    expect(channelCondition('ebay', repaired('DEFECTIVE'))).toBe('FOR_PARTS_OR_NOT_WORKING');
  });

  it('maps our grades to Back Market’s grades and Refurbed’s gradings, and lists nothing defective there', () => {
    expect(GRADES.map((grade) => channelCondition('backmarket', sold(grade)))).toEqual(['EXCELLENT', 'VERY_GOOD', 'FAIR', undefined]);
    expect(GRADES.map((grade) => channelCondition('refurbed', sold(grade)))).toEqual(['A', 'B', 'C', undefined]);
    expect(channelCondition('backmarket', repaired('DEFECTIVE'))).toBeUndefined();
    expect(channelCondition('refurbed', repaired('GOOD'))).toBe('B');
  });

  it('tags the shop’s product with its condition, and refurbished when repaired', () => {
    expect(channelCondition('shopify', sold('LIKE_NEW'))).toEqual(['condition:like-new']);
    expect(channelCondition('shopify', repaired('FAIR'))).toEqual(['condition:fair', 'refurbished']);
  });
});
