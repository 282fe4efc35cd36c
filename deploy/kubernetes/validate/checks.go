package main

import (
	"fmt"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
)

// workload is what the checks need of a StatefulSet or a Deployment.
type workload struct {
	object
	selector *metav1.LabelSelector
	template corev1.PodTemplateSpec
	claims   map[string]bool // names of the StatefulSet's volume claim templates
}

// problems collects messages, each prefixed by the object it is about.
type problems []string

func (p *problems) add(o object, format string, args ...any) {
	*p = append(*p, o.String()+": "+fmt.Sprintf(format, args...))
}

// check runs every rule over the decoded objects.
func check(set *objectSet) []string {
	var p problems
	var workloads []workload
	for _, o := range set.objects {
		checkMeta(&p, o)
		switch v := o.value.(type) {
		case *appsv1.StatefulSet:
			w := workload{object: o, selector: v.Spec.Selector, template: v.Spec.Template, claims: map[string]bool{}}
			checkStatefulSet(&p, set, o, v)
			for _, claim := range v.Spec.VolumeClaimTemplates {
				w.claims[claim.Name] = true
			}
			workloads = append(workloads, w)
		case *appsv1.Deployment:
			workloads = append(workloads, workload{object: o, selector: v.Spec.Selector, template: v.Spec.Template})
		case *corev1.PersistentVolumeClaim:
			checkClaim(&p, o, v.Spec)
		case *corev1.Secret:
			for key := range v.Data {
				checkKey(&p, o, key)
			}
			for key := range v.StringData {
				checkKey(&p, o, key)
			}
		case *corev1.ConfigMap:
			for key := range v.Data {
				checkKey(&p, o, key)
			}
		}
	}
	for _, w := range workloads {
		checkWorkload(&p, set, w)
	}
	for _, o := range set.objects {
		switch v := o.value.(type) {
		case *corev1.Service:
			checkService(&p, o, v, workloads)
		case *networkingv1.NetworkPolicy:
			checkNetworkPolicy(&p, o, v, workloads)
		}
	}
	checkCoverage(&p, set, workloads)
	return p
}

// checkMeta: names and labels the API server would refuse.
func checkMeta(p *problems, o object) {
	meta := metaOf(o.value)
	if meta.Name == "" {
		p.add(o, "metadata.name is empty")
	}
	// Services and StatefulSets name DNS labels (and pods); everything else a subdomain.
	var errs []string
	switch o.kind {
	case "Service", "StatefulSet":
		errs = validation.IsDNS1035Label(meta.Name)
	default:
		errs = validation.IsDNS1123Subdomain(meta.Name)
	}
	for _, e := range errs {
		p.add(o, "metadata.name: %s", e)
	}
	checkLabels(p, o, "metadata.labels", meta.Labels)
}

func checkLabels(p *problems, o object, field string, set map[string]string) {
	for key, value := range set {
		for _, e := range validation.IsQualifiedName(key) {
			p.add(o, "%s key %q: %s", field, key, e)
		}
		for _, e := range validation.IsValidLabelValue(value) {
			p.add(o, "%s %q value %q: %s", field, key, value, e)
		}
	}
}

func checkKey(p *problems, o object, key string) {
	for _, e := range validation.IsConfigMapKey(key) {
		p.add(o, "data key %q: %s", key, e)
	}
}

// checkStatefulSet: a governing headless Service and persistent volumes for the ledger.
func checkStatefulSet(p *problems, set *objectSet, o object, s *appsv1.StatefulSet) {
	if s.Spec.ServiceName == "" {
		p.add(o, "spec.serviceName is empty")
	} else if svc, ok := set.get("Service", s.Spec.ServiceName); !ok {
		p.add(o, "spec.serviceName %q: no such Service in the manifests", s.Spec.ServiceName)
	} else if svc.value.(*corev1.Service).Spec.ClusterIP != corev1.ClusterIPNone {
		p.add(o, "spec.serviceName %q is not a headless Service (clusterIP: None)", s.Spec.ServiceName)
	}
	if len(s.Spec.VolumeClaimTemplates) == 0 {
		p.add(o, "spec.volumeClaimTemplates is empty: a StatefulSet here keeps its state on a persistent volume")
	}
	for _, claim := range s.Spec.VolumeClaimTemplates {
		checkClaim(p, object{kind: o.kind, name: o.name + " claim " + claim.Name, source: o.source}, claim.Spec)
	}
}

func checkClaim(p *problems, o object, spec corev1.PersistentVolumeClaimSpec) {
	if len(spec.AccessModes) == 0 {
		p.add(o, "spec.accessModes is empty")
	}
	size, ok := spec.Resources.Requests[corev1.ResourceStorage]
	if !ok || size.Sign() <= 0 {
		p.add(o, "spec.resources.requests.storage is missing")
	}
}

// checkWorkload: selector, containers and every object the pod refers to.
func checkWorkload(p *problems, set *objectSet, w workload) {
	o := w.object
	checkLabels(p, o, "spec.template.metadata.labels", w.template.Labels)
	if w.selector == nil || (len(w.selector.MatchLabels) == 0 && len(w.selector.MatchExpressions) == 0) {
		p.add(o, "spec.selector is empty")
	} else if selector, err := metav1.LabelSelectorAsSelector(w.selector); err != nil {
		p.add(o, "spec.selector: %v", err)
	} else if !selector.Matches(labels.Set(w.template.Labels)) {
		p.add(o, "spec.selector %s does not match the pod template's labels %v", selector, w.template.Labels)
	}
	pod := w.template.Spec
	if sa := pod.ServiceAccountName; sa != "" && sa != "default" {
		if _, ok := set.get("ServiceAccount", sa); !ok {
			p.add(o, "serviceAccountName %q: no such ServiceAccount in the manifests", sa)
		}
	}
	podNonRoot := pod.SecurityContext != nil && pod.SecurityContext.RunAsNonRoot != nil && *pod.SecurityContext.RunAsNonRoot
	volumes := map[string]bool{}
	for _, v := range pod.Volumes {
		volumes[v.Name] = true
		checkVolume(p, set, o, v)
	}
	for claim := range w.claims {
		volumes[claim] = true
	}
	containers := map[string]bool{}
	for i, c := range pod.InitContainers {
		checkContainer(p, set, o, c, fmt.Sprintf("initContainers[%d]", i), volumes, podNonRoot, false)
	}
	for i, c := range pod.Containers {
		if containers[c.Name] {
			p.add(o, "two containers are named %q", c.Name)
		}
		containers[c.Name] = true
		checkContainer(p, set, o, c, fmt.Sprintf("containers[%d]", i), volumes, podNonRoot, true)
	}
	if len(pod.Containers) == 0 {
		p.add(o, "the pod has no containers")
	}
	if w.template.Labels["app.kubernetes.io/component"] == "gateway" {
		checkGatewayProbes(p, o, pod.Containers)
	}
}

func checkContainer(p *problems, set *objectSet, o object, c corev1.Container, field string, volumes map[string]bool, podNonRoot, main bool) {
	field += " (" + c.Name + ")"
	if c.Image == "" {
		p.add(o, "%s: image is empty", field)
	} else if image := c.Image[strings.LastIndex(c.Image, "/")+1:]; !strings.ContainsAny(image, ":@") || strings.HasSuffix(image, ":latest") {
		p.add(o, "%s: image %q is not pinned to a tag or digest", field, c.Image)
	}
	for _, kind := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		if q, ok := c.Resources.Requests[kind]; !ok || q.IsZero() {
			p.add(o, "%s: resources.requests.%s is missing", field, kind)
		}
		if q, ok := c.Resources.Limits[kind]; !ok || q.IsZero() {
			p.add(o, "%s: resources.limits.%s is missing", field, kind)
		} else if r, ok := c.Resources.Requests[kind]; ok && r.Cmp(q) > 0 {
			p.add(o, "%s: resources.requests.%s %s exceeds the limit %s", field, kind, r.String(), q.String())
		}
	}
	sc := c.SecurityContext
	switch {
	case sc == nil:
		p.add(o, "%s: securityContext is missing", field)
	default:
		if !podNonRoot && (sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot) {
			p.add(o, "%s: runAsNonRoot is not true (pod or container)", field)
		}
		if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
			p.add(o, "%s: securityContext.allowPrivilegeEscalation is not false", field)
		}
		if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
			p.add(o, "%s: securityContext.readOnlyRootFilesystem is not true", field)
		}
	}
	for _, m := range c.VolumeMounts {
		if !volumes[m.Name] {
			p.add(o, "%s: volumeMount %q names no volume of the pod", field, m.Name)
		}
	}
	for _, e := range c.Env {
		if e.ValueFrom == nil {
			continue
		}
		if ref := e.ValueFrom.SecretKeyRef; ref != nil && !optional(ref.Optional) {
			requireKeys(p, set, o, "Secret", ref.Name, []string{ref.Key}, field+" env "+e.Name)
		}
		if ref := e.ValueFrom.ConfigMapKeyRef; ref != nil && !optional(ref.Optional) {
			requireKeys(p, set, o, "ConfigMap", ref.Name, []string{ref.Key}, field+" env "+e.Name)
		}
	}
	for _, from := range c.EnvFrom {
		if ref := from.SecretRef; ref != nil && !optional(ref.Optional) {
			requireKeys(p, set, o, "Secret", ref.Name, nil, field+" envFrom")
		}
		if ref := from.ConfigMapRef; ref != nil && !optional(ref.Optional) {
			requireKeys(p, set, o, "ConfigMap", ref.Name, nil, field+" envFrom")
		}
	}
	if !main {
		return
	}
	// Every long-running container says when it can take traffic and when it must be restarted.
	ports := map[string]bool{}
	for _, port := range c.Ports {
		ports[fmt.Sprint(port.ContainerPort)] = true
		if port.Name != "" {
			ports[port.Name] = true
		}
	}
	checkProbe(p, o, field+" readinessProbe", c.ReadinessProbe, ports)
	checkProbe(p, o, field+" livenessProbe", c.LivenessProbe, ports)
}

func checkProbe(p *problems, o object, field string, probe *corev1.Probe, ports map[string]bool) {
	if probe == nil {
		p.add(o, "%s is missing", field)
		return
	}
	var port *intstr.IntOrString
	handlers := 0
	if h := probe.HTTPGet; h != nil {
		handlers++
		port = &h.Port
		if !strings.HasPrefix(h.Path, "/") {
			p.add(o, "%s: httpGet.path %q does not start with /", field, h.Path)
		}
	}
	if h := probe.TCPSocket; h != nil {
		handlers++
		port = &h.Port
	}
	if h := probe.GRPC; h != nil {
		handlers++
		port = &intstr.IntOrString{Type: intstr.Int, IntVal: h.Port}
	}
	if probe.Exec != nil {
		handlers++
	}
	if handlers != 1 {
		p.add(o, "%s has %d handlers, want exactly one", field, handlers)
	}
	if port != nil && !ports[port.String()] {
		p.add(o, "%s: port %s is not a port of the container", field, port.String())
	}
}

// checkGatewayProbes: the REST gateway is ready on /readyz (peer and ordering quorum reachable)
// and alive on /healthz (the process answers); see gateway/README.md.
func checkGatewayProbes(p *problems, o object, containers []corev1.Container) {
	for _, c := range containers {
		if c.Name != "gateway" {
			continue
		}
		if c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" {
			p.add(o, "container gateway: readinessProbe must be httpGet /readyz")
		}
		if c.LivenessProbe == nil || c.LivenessProbe.HTTPGet == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" {
			p.add(o, "container gateway: livenessProbe must be httpGet /healthz")
		}
		return
	}
	p.add(o, "a gateway workload has no container named gateway")
}

func optional(flag *bool) bool { return flag != nil && *flag }

// checkVolume: the Secrets, ConfigMaps and claims a pod mounts exist, with the keys it picks.
func checkVolume(p *problems, set *objectSet, o object, v corev1.Volume) {
	field := "volume " + v.Name
	switch {
	case v.Secret != nil:
		if !optional(v.Secret.Optional) {
			requireKeys(p, set, o, "Secret", v.Secret.SecretName, itemKeys(v.Secret.Items), field)
		}
	case v.ConfigMap != nil:
		if !optional(v.ConfigMap.Optional) {
			requireKeys(p, set, o, "ConfigMap", v.ConfigMap.Name, itemKeys(v.ConfigMap.Items), field)
		}
	case v.Projected != nil:
		for _, source := range v.Projected.Sources {
			if s := source.Secret; s != nil && !optional(s.Optional) {
				requireKeys(p, set, o, "Secret", s.Name, itemKeys(s.Items), field)
			}
			if c := source.ConfigMap; c != nil && !optional(c.Optional) {
				requireKeys(p, set, o, "ConfigMap", c.Name, itemKeys(c.Items), field)
			}
		}
	case v.PersistentVolumeClaim != nil:
		if _, ok := set.get("PersistentVolumeClaim", v.PersistentVolumeClaim.ClaimName); !ok {
			p.add(o, "%s: PersistentVolumeClaim %q is not in the manifests", field, v.PersistentVolumeClaim.ClaimName)
		}
	}
}

func itemKeys(items []corev1.KeyToPath) []string {
	keys := make([]string, 0, len(items))
	for _, item := range items {
		keys = append(keys, item.Key)
	}
	return keys
}

// requireKeys reports a Secret or ConfigMap that is not in the manifests, or lacks a key.
func requireKeys(p *problems, set *objectSet, o object, kind, name string, keys []string, field string) {
	ref, ok := set.get(kind, name)
	if !ok {
		p.add(o, "%s: %s %q is not in the manifests", field, kind, name)
		return
	}
	have := map[string]bool{}
	switch v := ref.value.(type) {
	case *corev1.Secret:
		for key := range v.Data {
			have[key] = true
		}
		for key := range v.StringData {
			have[key] = true
		}
	case *corev1.ConfigMap:
		for key := range v.Data {
			have[key] = true
		}
		for key := range v.BinaryData {
			have[key] = true
		}
	}
	for _, key := range keys {
		if !have[key] {
			p.add(o, "%s: %s %q has no key %q", field, kind, name, key)
		}
	}
}

// selects returns the workloads whose pods a selector picks.
func selects(selector labels.Selector, workloads []workload) []workload {
	var picked []workload
	for _, w := range workloads {
		if selector.Matches(labels.Set(w.template.Labels)) {
			picked = append(picked, w)
		}
	}
	return picked
}

// hasPort: some container of the workload declares this port (by number or by name).
func hasPort(w workload, port intstr.IntOrString) bool {
	for _, c := range w.template.Spec.Containers {
		for _, cp := range c.Ports {
			if (port.Type == intstr.String && cp.Name == port.StrVal) || (port.Type == intstr.Int && cp.ContainerPort == port.IntVal) {
				return true
			}
		}
	}
	return false
}

// checkService: a Service selects pods of the manifests, on ports those pods open.
func checkService(p *problems, o object, s *corev1.Service, workloads []workload) {
	if len(s.Spec.Ports) == 0 {
		p.add(o, "spec.ports is empty")
	}
	if len(s.Spec.Selector) == 0 {
		p.add(o, "spec.selector is empty")
		return
	}
	picked := selects(labels.SelectorFromSet(s.Spec.Selector), workloads)
	if len(picked) == 0 {
		p.add(o, "spec.selector %v matches no pod template in the manifests", s.Spec.Selector)
		return
	}
	for _, port := range s.Spec.Ports {
		target := port.TargetPort
		if target.Type == intstr.Int && target.IntVal == 0 {
			target = intstr.FromInt32(port.Port)
		}
		for _, w := range picked {
			if !hasPort(w, target) {
				p.add(o, "port %q: targetPort %s is not a container port of %s", port.Name, target.String(), w.name)
			}
		}
	}
}

// checkNetworkPolicy: it selects pods of the manifests, on their ports, and a rule naming pods
// of this namespace names pods that exist (a label typo would silently block the traffic).
func checkNetworkPolicy(p *problems, o object, np *networkingv1.NetworkPolicy, workloads []workload) {
	selector, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector)
	if err != nil {
		p.add(o, "spec.podSelector: %v", err)
		return
	}
	picked := selects(selector, workloads)
	if len(np.Spec.PodSelector.MatchLabels) == 0 && len(np.Spec.PodSelector.MatchExpressions) == 0 {
		p.add(o, "spec.podSelector is empty: it would apply to every pod of the namespace, not only this chart's")
	} else if len(picked) == 0 {
		p.add(o, "spec.podSelector %s matches no pod template in the manifests", selector)
	}
	ingress := false
	for _, t := range np.Spec.PolicyTypes {
		ingress = ingress || t == networkingv1.PolicyTypeIngress
	}
	if !ingress {
		p.add(o, "spec.policyTypes does not include Ingress")
	}
	for i, rule := range np.Spec.Ingress {
		for _, port := range rule.Ports {
			if port.Port == nil {
				continue
			}
			// A policy may select pods of several kinds; a port must be one of some of them.
			found := false
			for _, w := range picked {
				found = found || hasPort(w, *port.Port)
			}
			if !found && len(picked) > 0 {
				p.add(o, "ingress[%d]: port %s is not a container port of any pod it selects", i, port.Port.String())
			}
		}
		for _, peer := range rule.From {
			if peer.PodSelector == nil || peer.NamespaceSelector != nil {
				continue
			}
			from, err := metav1.LabelSelectorAsSelector(peer.PodSelector)
			if err != nil {
				p.add(o, "ingress[%d].from.podSelector: %v", i, err)
			} else if len(selects(from, workloads)) == 0 {
				p.add(o, "ingress[%d].from.podSelector %s matches no pod template in the manifests", i, from)
			}
		}
	}
}

// checkCoverage: once the manifests restrict ingress at all, every pod of theirs is restricted.
func checkCoverage(p *problems, set *objectSet, workloads []workload) {
	var policies []labels.Selector
	for _, o := range set.objects {
		if np, ok := o.value.(*networkingv1.NetworkPolicy); ok {
			if selector, err := metav1.LabelSelectorAsSelector(&np.Spec.PodSelector); err == nil {
				policies = append(policies, selector)
			}
		}
	}
	if len(policies) == 0 {
		return
	}
	for _, w := range workloads {
		covered := false
		for _, selector := range policies {
			covered = covered || selector.Matches(labels.Set(w.template.Labels))
		}
		if !covered {
			p.add(w.object, "no NetworkPolicy selects its pods")
		}
	}
}
