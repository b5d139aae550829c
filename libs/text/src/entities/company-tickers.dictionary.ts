export interface CompanyEntry {
  ticker: string;
  /**
   * Names as written in news. Aliases without lower-case letters ("AMD", "UPS", "GE", "AT&T") match
   * case-sensitively, so the verb "ups" or the word "ge" do not become tickers; others match in any case.
   */
  names: readonly string[];
}

/**
 * Around fifty of the largest US-listed companies (by market value, 2024), with the spellings common in
 * headlines. Deliberately absent: names that are everyday words in finance text, e.g. Target (TGT) clashes
 * with "price target".
 */
export const US_LARGE_CAP_COMPANIES: readonly CompanyEntry[] = [
  { ticker: 'AAPL', names: ['Apple'] },
  { ticker: 'MSFT', names: ['Microsoft'] },
  { ticker: 'AMZN', names: ['Amazon', 'Amazon.com'] },
  { ticker: 'GOOGL', names: ['Alphabet', 'Google'] },
  { ticker: 'META', names: ['Meta Platforms', 'Facebook'] },
  { ticker: 'NVDA', names: ['Nvidia'] },
  { ticker: 'TSLA', names: ['Tesla'] },
  { ticker: 'BRK.B', names: ['Berkshire Hathaway', 'Berkshire'] },
  { ticker: 'JPM', names: ['JPMorgan Chase', 'JPMorgan', 'JP Morgan', 'J.P. Morgan'] },
  { ticker: 'V', names: ['Visa Inc'] },
  { ticker: 'MA', names: ['Mastercard'] },
  { ticker: 'JNJ', names: ['Johnson & Johnson', 'J&J'] },
  { ticker: 'WMT', names: ['Walmart', 'Wal-Mart'] },
  { ticker: 'PG', names: ['Procter & Gamble', 'P&G'] },
  { ticker: 'XOM', names: ['Exxon Mobil', 'ExxonMobil', 'Exxon'] },
  { ticker: 'CVX', names: ['Chevron'] },
  { ticker: 'UNH', names: ['UnitedHealth'] },
  { ticker: 'HD', names: ['Home Depot'] },
  { ticker: 'BAC', names: ['Bank of America', 'BofA'] },
  { ticker: 'KO', names: ['Coca-Cola', 'Coca Cola'] },
  { ticker: 'PEP', names: ['PepsiCo', 'Pepsi'] },
  { ticker: 'PFE', names: ['Pfizer'] },
  { ticker: 'MRK', names: ['Merck'] },
  { ticker: 'ABBV', names: ['AbbVie'] },
  { ticker: 'LLY', names: ['Eli Lilly'] },
  { ticker: 'COST', names: ['Costco'] },
  { ticker: 'DIS', names: ['Walt Disney', 'Disney'] },
  { ticker: 'NFLX', names: ['Netflix'] },
  { ticker: 'INTC', names: ['Intel'] },
  { ticker: 'AMD', names: ['Advanced Micro Devices', 'AMD'] },
  { ticker: 'CSCO', names: ['Cisco'] },
  { ticker: 'ORCL', names: ['Oracle'] },
  { ticker: 'CRM', names: ['Salesforce'] },
  { ticker: 'ADBE', names: ['Adobe'] },
  { ticker: 'IBM', names: ['IBM'] },
  { ticker: 'QCOM', names: ['Qualcomm'] },
  { ticker: 'T', names: ['AT&T'] },
  { ticker: 'VZ', names: ['Verizon'] },
  { ticker: 'CMCSA', names: ['Comcast'] },
  { ticker: 'NKE', names: ['Nike'] },
  { ticker: 'MCD', names: ["McDonald's", 'McDonalds'] },
  { ticker: 'SBUX', names: ['Starbucks'] },
  { ticker: 'BA', names: ['Boeing'] },
  { ticker: 'CAT', names: ['Caterpillar'] },
  { ticker: 'GE', names: ['General Electric', 'GE'] },
  { ticker: 'GS', names: ['Goldman Sachs', 'Goldman'] },
  { ticker: 'MS', names: ['Morgan Stanley'] },
  { ticker: 'C', names: ['Citigroup', 'Citi'] },
  { ticker: 'WFC', names: ['Wells Fargo'] },
  { ticker: 'F', names: ['Ford Motor', 'Ford'] },
  { ticker: 'GM', names: ['General Motors'] },
  { ticker: 'UBER', names: ['Uber'] },
  { ticker: 'PYPL', names: ['PayPal'] },
  { ticker: 'LMT', names: ['Lockheed Martin', 'Lockheed'] },
  { ticker: 'UPS', names: ['United Parcel Service', 'UPS'] },
  { ticker: 'MMM', names: ['3M'] },
];
