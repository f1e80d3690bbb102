package dev.kubeward.advisories.internal.build;

import dev.kubeward.advisories.internal.store.StoredSource;
import java.nio.file.Path;

/** A source file to build from: its metadata and where it currently lies (staging or {@code sources/}). */
public record BuildInput(StoredSource meta, Path file) {}
