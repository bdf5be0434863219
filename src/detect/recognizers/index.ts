/**
 * The registry: every built-in recognizer, in one import list. A test fails when a recognizer file under
 * this folder is not listed here, when two recognizers share an id, or when one has no test vectors.
 * Order matters only for display; overlaps are resolved by score, not by order.
 */
import type { RecognizerSpec } from '../types.js';
import { age } from './health/age.js';
import { anthropicApiKey } from './credentials/anthropic-api-key.js';
import { auMedicare } from './government/au-medicare.js';
import { auTfn } from './government/au-tfn.js';
import { awsAccessKeyId } from './credentials/aws-access-key-id.js';
import { awsSecretAccessKey } from './credentials/aws-secret-access-key.js';
import { caSin } from './government/ca-sin.js';
import { cardCvv } from './financial/card-cvv.js';
import { cardExpiry } from './financial/card-expiry.js';
import { connectionString } from './credentials/connection-string.js';
import { creditCard } from './financial/credit-card.js';
import { cryptoBitcoin } from './financial/crypto-bitcoin.js';
import { cryptoEthereum } from './financial/crypto-ethereum.js';
import { dateOfBirth } from './health/date-of-birth.js';
import { dateTime } from './health/date-time.js';
import { deviceIdentifier } from './health/device-identifier.js';
import { emailAddress } from './contact/email-address.js';
import { emailAddressObfuscated } from './contact/email-address-obfuscated.js';
import { esNie } from './government/es-nie.js';
import { esNif } from './government/es-nif.js';
import { frNir } from './government/fr-nir.js';
import { genericSecret } from './credentials/generic-secret.js';
import { githubToken } from './credentials/github-token.js';
import { gitlabToken } from './credentials/gitlab-token.js';
import { googleApiKey } from './credentials/google-api-key.js';
import { healthPlanBeneficiaryNumber } from './health/health-plan-beneficiary-number.js';
import { ibanCode } from './financial/iban-code.js';
import { inAadhaar } from './government/in-aadhaar.js';
import { inPan } from './government/in-pan.js';
import { ipAddress } from './contact/ip-address.js';
import { itFiscalCode } from './government/it-fiscal-code.js';
import { jwt } from './credentials/jwt.js';
import { licenseNumber } from './health/license-number.js';
import { licensePlate } from './government/license-plate.js';
import { macAddress } from './contact/mac-address.js';
import { medicalRecordNumber } from './health/medical-record-number.js';
import { npmToken } from './credentials/npm-token.js';
import { openaiApiKey } from './credentials/openai-api-key.js';
import { password } from './credentials/password.js';
import { phoneNumber } from './contact/phone-number.js';
import { privateKey } from './credentials/private-key.js';
import { sendgridKey } from './credentials/sendgrid-key.js';
import { sgNric } from './government/sg-nric.js';
import { slackToken } from './credentials/slack-token.js';
import { streetAddress } from './health/street-address.js';
import { stripeKey } from './credentials/stripe-key.js';
import { swiftBic } from './financial/swift-bic.js';
import { twilioKey } from './credentials/twilio-key.js';
import { ukNhsNumber } from './government/uk-nhs-number.js';
import { ukNino } from './government/uk-nino.js';
import { ukUtr } from './government/uk-utr.js';
import { url } from './contact/url.js';
import { usBankAccount } from './financial/us-bank-account.js';
import { usDeaNumber } from './health/us-dea-number.js';
import { usDriverLicense } from './government/us-driver-license.js';
import { usItin } from './government/us-itin.js';
import { usNpi } from './health/us-npi.js';
import { usPassport } from './government/us-passport.js';
import { usRoutingNumber } from './financial/us-routing-number.js';
import { usSsn } from './government/us-ssn.js';
import { username } from './credentials/username.js';
import { vin } from './government/vin.js';
import { zipCode } from './health/zip-code.js';
import { location } from './names/location.js';
import { organization } from './names/organization.js';
import { person } from './names/person.js';

export const BUILTIN_RECOGNIZERS: readonly RecognizerSpec[] = Object.freeze([
  // contact
  emailAddress,
  emailAddressObfuscated,
  phoneNumber,
  url,
  ipAddress,
  macAddress,
  // names, places, organisations (entity tagger)
  person,
  location,
  organization,
  // financial
  creditCard,
  cardExpiry,
  cardCvv,
  ibanCode,
  swiftBic,
  usBankAccount,
  usRoutingNumber,
  cryptoBitcoin,
  cryptoEthereum,
  // government
  usSsn,
  usItin,
  usPassport,
  usDriverLicense,
  ukNino,
  ukNhsNumber,
  ukUtr,
  caSin,
  inAadhaar,
  inPan,
  auTfn,
  auMedicare,
  sgNric,
  esNif,
  esNie,
  itFiscalCode,
  frNir,
  vin,
  licensePlate,
  // health
  dateTime,
  dateOfBirth,
  age,
  zipCode,
  streetAddress,
  medicalRecordNumber,
  healthPlanBeneficiaryNumber,
  usNpi,
  usDeaNumber,
  deviceIdentifier,
  licenseNumber,
  // credentials
  password,
  username,
  awsAccessKeyId,
  awsSecretAccessKey,
  githubToken,
  gitlabToken,
  slackToken,
  stripeKey,
  googleApiKey,
  openaiApiKey,
  anthropicApiKey,
  twilioKey,
  sendgridKey,
  npmToken,
  jwt,
  privateKey,
  connectionString,
  genericSecret,
]);
