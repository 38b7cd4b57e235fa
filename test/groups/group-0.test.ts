// Group 0 of 2 of the test files (see ./load.ts).
import { loadGroup } from "./load";

loadGroup(0, 2);
