export { SeededRandom } from './seeded-random';
export { generateShopData } from './shop-catalog.generator';
export type {
  CatalogItem,
  ShopData,
  ShopDataOptions,
  ShopEvent,
  ShopEventType,
} from './shop-catalog.generator';
export { generateFindingImages } from './finding-images.generator';
export type { FindingImage, FindingImageOptions, FindingLabel } from './finding-images.generator';
export { generateFinanceHeadlines } from './finance-headlines.generator';
export type {
  FinanceHeadline,
  FinanceHeadlineOptions,
  FinanceTopic,
  Sentiment,
} from './finance-headlines.generator';
