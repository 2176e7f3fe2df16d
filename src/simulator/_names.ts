/**
 * Names of the simulated org: queues, divisions, agents.
 *
 * @module
 */

/** Queue names, in org order; later queues are numbered. */
export const QUEUE_NAMES = [
  "Support",
  "Sales",
  "Billing",
  "Technical",
  "Retention",
  "VIP",
  "Returns",
  "Onboarding",
  "Claims",
  "Escalations",
  "Renewals",
  "Collections",
];
/** The queue with its own, stricter service level and routing priority. */
export const VIP_QUEUE = "VIP";
/** Relative size of the first queues; later ones are drawn. */
export const QUEUE_WEIGHTS = [3, 2.5, 2, 2, 1.2, 0.6];
/** Division names (the first two or all three are used). */
export const DIVISION_NAMES = ["Home", "Customer Care", "Commercial"];
/** Agent first names. */
export const FIRST_NAMES = [
  "Ana",
  "Ben",
  "Chloe",
  "David",
  "Elif",
  "Farid",
  "Grace",
  "Hugo",
  "Ines",
  "Jonas",
  "Keiko",
  "Liam",
  "Maya",
  "Nils",
  "Olga",
  "Pedro",
  "Quinn",
  "Rosa",
  "Sami",
  "Tara",
  "Umar",
  "Vera",
  "Wen",
  "Yara",
];
/** Agent last names. */
export const LAST_NAMES = [
  "Adams",
  "Berg",
  "Costa",
  "Dubois",
  "Eriksen",
  "Fischer",
  "Garcia",
  "Hansen",
  "Ito",
  "Jansen",
  "Kowalski",
  "Lopez",
  "Moreau",
  "Novak",
  "Okafor",
  "Petrov",
  "Quist",
  "Rossi",
  "Silva",
  "Tanaka",
  "Urban",
  "Varga",
  "Weber",
  "Young",
];
