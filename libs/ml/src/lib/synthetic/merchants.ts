import type { DefaultCategory } from '@spendguard/contracts';

/**
 * A merchant and how it appears on a bank statement. Tokens in `statement`:
 * `{store}` a store number fixed per customer (people shop at the same branch),
 * `{ref}` a reference that changes with every charge, `{city}` the customer's city.
 */
export interface MerchantSpec {
  name: string;
  statement: string;
}

const m = (name: string, statement: string): MerchantSpec => ({ name, statement });

export const MERCHANTS: Record<DefaultCategory, MerchantSpec[]> = {
  Groceries: [
    m('Whole Foods', 'WHOLE FOODS MKT #{store}'),
    m("Trader Joe's", 'TRADER JOE S #{store}'),
    m('Safeway', 'SAFEWAY #{store}'),
    m('Kroger', 'KROGER #{store}'),
    m('Aldi', 'ALDI {store}'),
    m('Costco', 'COSTCO WHSE #{store}'),
    m('Lidl', 'LIDL US #{store}'),
    m('Publix', 'PUBLIX #{store}'),
    m('Corner Market', 'SQ *CORNER MARKET {city}'),
  ],
  Dining: [
    m('Starbucks', 'STARBUCKS STORE {store}'),
    m('Chipotle', 'CHIPOTLE {store}'),
    m("McDonald's", 'MCDONALD\'S F{store}'),
    m('Sweetgreen', 'SWEETGREEN {city}'),
    m("Joe's Pizza", 'SQ *JOES PIZZA'),
    m('Blue Bottle Coffee', 'BLUE BOTTLE COFFEE {store}'),
    m('Olive Garden', 'OLIVE GARDEN {store}'),
    m('Panera Bread', 'PANERA BREAD #{store}'),
    m('Shake Shack', 'SHAKE SHACK {store}'),
    m('Thai Basil', 'TST* THAI BASIL {city}'),
    m('DoorDash', 'DOORDASH*{ref}'),
    m('Uber Eats', 'UBER *EATS {ref}'),
  ],
  Transport: [
    m('MTA', 'MTA*NYCT PAYGO'),
    m('Clipper', 'CLIPPER TRANSIT FARE {store}'),
    m('Uber', 'UBER *TRIP {ref}'),
    m('Lyft', 'LYFT *RIDE {ref}'),
    m('Shell', 'SHELL OIL {store}'),
    m('Chevron', 'CHEVRON {store}'),
    m('ExxonMobil', 'EXXONMOBIL {store}'),
    m('ParkMobile', 'PARKMOBILE {ref}'),
  ],
  Housing: [
    m('Greystar Properties', 'GREYSTAR RENT PMT {store}'),
    m('Oakwood Apartments', 'OAKWOOD APTS ACH {store}'),
    m('Wells Fargo Home Mortgage', 'WF HOME MTG AUTO PAY'),
    m('Campus Housing', 'UNIV HOUSING PMT {store}'),
    m('Riverside Lettings', 'RIVERSIDE LETTINGS RENT'),
  ],
  Utilities: [
    m('PG&E', 'PGANDE WEB ONLINE'),
    m('Con Edison', 'CON ED OF NY INTELL CK'),
    m('Comcast Xfinity', 'COMCAST CABLE COMM'),
    m('City Water', 'CITY OF {city} WATER'),
    m('Spectrum', 'SPECTRUM {store}'),
    m('National Grid', 'NATIONAL GRID GAS'),
  ],
  Subscriptions: [
    m('Netflix', 'NETFLIX.COM 866-579-7172'),
    m('Spotify', 'SPOTIFY USA'),
    m('Planet Fitness', 'PLANET FITNESS CLUB FEES'),
    m('Verizon', 'VZWRLSS*APOCC VISB'),
    m('T-Mobile', 'T-MOBILE*AUTO PAY'),
    m('Disney+', 'DISNEY PLUS 888-905-7888'),
    m('iCloud', 'APPLE.COM/BILL 866-712-7753'),
    m('Hulu', 'HULU 877-8244858'),
    m('New York Times', 'NYTIMES*NYTIMES'),
    m('Equinox', 'EQUINOX {store} MEMBERSHIP'),
  ],
  Shopping: [
    m('Amazon', 'AMZN MKTP US*{ref}'),
    m('Target', 'TARGET 000{store}'),
    m('Walmart', 'WAL-MART #{store}'),
    m('Best Buy', 'BEST BUY 00{store}'),
    m('IKEA', 'IKEA {city}'),
    m('H&M', 'H&M {store}'),
    m('Home Depot', 'THE HOME DEPOT #{store}'),
    m('Etsy', 'ETSY.COM*{ref}'),
    m('Apple Store', 'APPLE STORE R{store}'),
    m('Zara', 'ZARA USA {store}'),
    m('Uniqlo', 'UNIQLO {city}'),
    m('TJ Maxx', 'TJMAXX #{store}'),
  ],
  Health: [
    m('CVS Pharmacy', 'CVS/PHARMACY #{store}'),
    m('Walgreens', 'WALGREENS #{store}'),
    m('Bright Smile Dental', 'BRIGHT SMILE DENTAL'),
    m('CityMD', 'CITYMD URGENT CARE'),
    m('Vision Center', 'VISIONWORKS {store}'),
  ],
  Travel: [
    m('Delta', 'DELTA AIR 006{ref}'),
    m('United', 'UNITED 016{ref}'),
    m('Marriott', 'MARRIOTT HOTELS {ref}'),
    m('Airbnb', 'AIRBNB * {ref}'),
    m('Expedia', 'EXPEDIA {ref}'),
    m('Hertz', 'HERTZ RENT-A-CAR {store}'),
    m('Booking.com', 'BOOKING.COM HOTEL {ref}'),
  ],
  Entertainment: [
    m('AMC Theatres', 'AMC {store} ONLINE'),
    m('Ticketmaster', 'TICKETMASTER {ref}'),
    m('Steam', 'STEAMGAMES.COM 4259522985'),
    m('Bowlero', 'BOWLERO {city}'),
    m('MoMA', 'MOMA ADMISSIONS'),
    m('Regal Cinemas', 'REGAL {store}'),
  ],
  Education: [
    m('State University', 'STATE UNIV BURSAR {store}'),
    m('Coursera', 'COURSERA.ORG'),
    m('Barnes & Noble', 'BARNES & NOBLE #{store}'),
    m('Bright Horizons', 'BRIGHT HORIZONS TUITION'),
    m('Udemy', 'UDEMY ONLINE COURSES'),
  ],
  'Personal care': [
    m('Great Clips', 'GREAT CLIPS #{store}'),
    m('Sephora', 'SEPHORA #{store}'),
    m('Supercuts', 'SUPERCUTS {store}'),
    m('Luxe Nail Spa', 'SQ *LUXE NAIL SPA'),
    m('Ulta Beauty', 'ULTA #{store}'),
  ],
  Gifts: [
    m('1-800-Flowers', '1-800-FLOWERS.COM'),
    m('Hallmark', 'HALLMARK #{store}'),
    m('Uncommon Goods', 'UNCOMMONGOODS.COM'),
    m('Pandora Jewelry', 'PANDORA {city}'),
    m('Toy Palace', 'TOY PALACE {store}'),
  ],
  Fees: [
    m('Bank fee', 'MONTHLY MAINTENANCE FEE'),
    m('ATM fee', 'NON-BANK ATM FEE {ref}'),
    m('Late fee', 'LATE PAYMENT FEE'),
    m('Foreign transaction fee', 'FOREIGN TRANSACTION FEE'),
  ],
  Other: [
    m('USPS', 'USPS PO {store}'),
    m('DMV', 'DMV {city} ONLINE'),
    m('Venmo', 'VENMO *{ref}'),
    m('Red Cross', 'AMERICAN RED CROSS DONATION'),
    m('Public Storage', 'PUBLIC STORAGE {store}'),
    m('Lucky Star Casino', 'LUCKY STAR CASINO {store}'),
    m('Coinbase', 'COINBASE.COM {ref}'),
  ],
};

export const CITIES = ['NEW YORK', 'SAN FRANCISCO', 'CHICAGO', 'AUSTIN', 'SEATTLE', 'BOSTON', 'DENVER', 'PORTLAND'];

export const FIRST_NAMES = [
  'Ava', 'Liam', 'Maya', 'Noah', 'Zoe', 'Ethan', 'Priya', 'Lucas', 'Sofia', 'Omar', 'Hana', 'Mateo', 'Chloe',
  'Kai', 'Amara', 'Leo', 'Nina', 'Arjun', 'Grace', 'Felix', 'Ines', 'Theo', 'Lena', 'Jonas',
];
export const LAST_NAMES = [
  'Garcia', 'Kim', 'Okafor', 'Nguyen', 'Smith', 'Rossi', 'Patel', 'Müller', 'Silva', 'Cohen', 'Tanaka', 'Dubois',
  'Larsen', 'Haddad', 'Walsh', 'Novak',
];
