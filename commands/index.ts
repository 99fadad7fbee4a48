// The command families, one line each. Adding a family: one line here, a migration, a repository.
import type { FamilySpec } from "../src/pipeline/family.ts";
import help from "./help.ts";
import operations from "./operations.ts";
import press from "./press.ts";
import committees from "./committees.ts";
import agenda from "./agenda.ts";
import actions from "./actions.ts";
import spots from "./spots.ts";
import picture from "./picture.ts";
import audit from "./audit.ts";
import status from "./status.ts";
import room from "./room.ts";

export const families: readonly FamilySpec[] = [operations, press, committees, agenda, actions, spots, picture, audit, room, help, status];
