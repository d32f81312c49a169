package dta.observatory.watcher.api;

import dta.observatory.api.v1.CreateRuleRequest;
import dta.observatory.api.v1.DeleteRuleRequest;
import dta.observatory.api.v1.DeleteRuleResponse;
import dta.observatory.api.v1.GetRuleRequest;
import dta.observatory.api.v1.ListRulesRequest;
import dta.observatory.api.v1.ListRulesResponse;
import dta.observatory.api.v1.RuleView;
import dta.observatory.api.v1.UpdateRuleRequest;
import dta.observatory.api.v1.WatcherService;
import dta.observatory.watcher.cluster.ClusterCoordinator;
import dta.observatory.watcher.cluster.ClusterStoreException;
import dta.observatory.watcher.evaluation.RuleBook;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * dta.v1.WatcherService: rule management over gRPC. Blocking (worker threads): a change is written to the state file
 * or, in cluster mode, to the shared database before the answer, and a read in cluster mode first reads that database.
 */
@GrpcService
@Blocking
public class WatcherGrpcService implements WatcherService {

    private final RuleBook rules;
    private final Optional<ClusterCoordinator> cluster;

    WatcherGrpcService(RuleBook rules, Optional<ClusterCoordinator> cluster) {
        this.rules = rules;
        this.cluster = cluster;
    }

    /** Cluster mode: the rules and states as the shared tables hold them now. */
    private RuleBook fresh() {
        cluster.ifPresent(ClusterCoordinator::refresh);
        return rules;
    }

    @Override
    public Uni<RuleView> createRule(CreateRuleRequest request) {
        return answer(() -> RuleMapping.toView(fresh().add(RuleMapping.fromProto(request.getRule()))));
    }

    @Override
    public Uni<RuleView> getRule(GetRuleRequest request) {
        return answer(() -> fresh().get(request.getId()).map(RuleMapping::toView).orElseThrow(() ->
                Status.NOT_FOUND.withDescription("no rule with id '" + request.getId() + "'").asRuntimeException()));
    }

    @Override
    public Uni<ListRulesResponse> listRules(ListRulesRequest request) {
        return answer(() -> ListRulesResponse.newBuilder()
                .addAllRules(fresh().all().stream().map(RuleMapping::toView).toList()).build());
    }

    @Override
    public Uni<DeleteRuleResponse> deleteRule(DeleteRuleRequest request) {
        return answer(() -> DeleteRuleResponse.newBuilder().setDeleted(fresh().remove(request.getId())).build());
    }

    @Override
    public Uni<RuleView> updateRule(UpdateRuleRequest request) {
        return answer(() -> {
            if (request.getRule().getId().isEmpty()) {
                throw new IllegalArgumentException("rule.id is required to update a rule");
            }
            return RuleMapping.toView(rules.replace(RuleMapping.fromProto(request.getRule())));
        });
    }

    private static <T> Uni<T> answer(Supplier<T> call) {
        try {
            return Uni.createFrom().item(call.get());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuleBook.ReadOnlyRuleException e) {
            return Uni.createFrom().failure(Status.FAILED_PRECONDITION.withDescription(e.getMessage())
                    .asRuntimeException());
        } catch (java.util.NoSuchElementException e) {
            return Uni.createFrom().failure(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
        } catch (ClusterStoreException e) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
        } catch (IllegalStateException e) {
            return Uni.createFrom().failure(Status.ALREADY_EXISTS.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
