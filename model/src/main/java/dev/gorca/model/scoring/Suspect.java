package dev.gorca.model.scoring;

/**
 * The place in the code an operator should open first.
 *
 * @param sentence e.g. "11,802 goroutines in chan receive for 45 min at ingest.(*Batcher).loop batcher.go:88, created by ingest.NewBatcher"
 * @param kind {@code crash_site} (the failing goroutine), {@code bucket} (the largest group of alike goroutines) or {@code recursion}
 * @param function fully qualified Go function
 * @param file full path as the runtime printed it
 * @param line source line
 * @param goroutines how many goroutines are there (1 for a crash site)
 * @param state their state
 * @param waitMinutes the longest wait among them
 * @param createdBy the function that started them, "" when unknown
 */
public record Suspect(String sentence, String kind, String function, String file, int line, int goroutines, String state,
    int waitMinutes, String createdBy) {}
