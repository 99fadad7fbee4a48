// The command families, one line each: the only file that knows them all. Adding a family: one line
// here, a migration and a repository (README, "Adding a verb").
import type { FamilySpec } from "../src/pipeline/family.ts";
import actions from "./actions/index.ts";
import agenda from "./agenda/index.ts";
import audit from "./audit/index.ts";
import calendar from "./calendar/index.ts";
import committees from "./committees/index.ts";
import help from "./help/index.ts";
import operations from "./operations/index.ts";
import picture from "./picture/index.ts";
import press from "./press/index.ts";
import room from "./room/index.ts";
import spots from "./spots/index.ts";
import status from "./status/index.ts";

export const families: readonly FamilySpec[] = [operations, press, committees, agenda, actions, spots, picture, audit, calendar, room, help, status];
