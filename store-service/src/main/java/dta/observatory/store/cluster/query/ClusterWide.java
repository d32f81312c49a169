package dta.observatory.store.cluster.query;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jakarta.inject.Qualifier;

/**
 * The {@code Storage} that readers use: the whole cluster in cluster mode ({@link ShardedStorage}), the engine
 * itself in single mode. The unqualified {@code Storage} stays the local engine (appends, the ShardReadService).
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE})
public @interface ClusterWide {
}
