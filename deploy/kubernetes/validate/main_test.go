package main

import (
	"strings"
	"testing"
)

// A small valid stream: a StatefulSet with its headless Service, a Secret it mounts, a
// NetworkPolicy, and a gateway Deployment. Each case below breaks one thing of it.
const valid = `
apiVersion: v1
kind: Secret
metadata: {name: node-tls}
data: {tls.crt: Y2VydA==, tls.key: a2V5}
---
apiVersion: v1
kind: Service
metadata: {name: node-hl}
spec:
  clusterIP: None
  selector: {app: node}
  ports: [{name: grpc, port: 7051, targetPort: grpc}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: node, labels: {app: node}}
spec:
  serviceName: node-hl
  selector: {matchLabels: {app: node}}
  template:
    metadata: {labels: {app: node}}
    spec:
      securityContext: {runAsNonRoot: true}
      volumes:
        - name: tls
          secret: {secretName: node-tls, items: [{key: tls.crt, path: server.crt}]}
      containers:
        - name: node
          image: example/node:1.0
          ports: [{name: grpc, containerPort: 7051}]
          readinessProbe: {tcpSocket: {port: grpc}}
          livenessProbe: {tcpSocket: {port: 7051}}
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: "1", memory: 128Mi}}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
          volumeMounts: [{name: tls, mountPath: /tls}, {name: data, mountPath: /data}]
  volumeClaimTemplates:
    - metadata: {name: data}
      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: gw}
spec:
  selector: {matchLabels: {app: gw}}
  template:
    metadata: {labels: {app: gw, app.kubernetes.io/component: gateway}}
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: gateway
          image: example/gw@sha256:0000
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /readyz, port: http}}
          livenessProbe: {httpGet: {path: /healthz, port: http}}
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {cpu: "1", memory: 128Mi}}
          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all}
spec:
  podSelector: {matchExpressions: [{key: app, operator: Exists}]}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: gw}}}]
      ports: [{port: 7051}]
`

func run(stream string) []string {
	set, problems := decodeAll(strings.NewReader(stream))
	return append(problems, check(set)...)
}

func TestValidStream(t *testing.T) {
	if problems := run(valid); len(problems) != 0 {
		t.Fatalf("want no problems, got:\n%s", strings.Join(problems, "\n"))
	}
}

func TestEachBreakageIsReported(t *testing.T) {
	cases := []struct {
		name, old, new, want string
	}{
		{"unknown field", "serviceName: node-hl", "serviceName: node-hl\n  replica: 2", `unknown field "replica"`},
		{"wrong type", "containerPort: 7051}", "containerPort: seven}", "StatefulSet"},
		{"bad quantity", "memory: 128Mi}}\n          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}\n          volumeMounts", "memory: lots}}\n          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}\n          volumeMounts", "quantities must match"},
		{"selector mismatch", "selector: {matchLabels: {app: gw}}", "selector: {matchLabels: {app: gateway}}", "does not match the pod template"},
		{"missing probe", "          livenessProbe: {tcpSocket: {port: 7051}}\n", "", "livenessProbe is missing"},
		{"probe port", "livenessProbe: {tcpSocket: {port: 7051}}", "livenessProbe: {tcpSocket: {port: 7052}}", "port 7052 is not a port"},
		{"gateway readiness path", "path: /readyz", "path: /healthz", "readinessProbe must be httpGet /readyz"},
		{"missing secret", "secretName: node-tls", "secretName: node-msp", `Secret "node-msp" is not in the manifests`},
		{"missing secret key", "key: tls.crt", "key: ca.crt", `has no key "ca.crt"`},
		{"no claim templates", "  volumeClaimTemplates:\n    - metadata: {name: data}\n      spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n", "", "volumeClaimTemplates is empty"},
		{"service not headless", "clusterIP: None", "type: ClusterIP", "not a headless Service"},
		{"root allowed", "      securityContext: {runAsNonRoot: true}\n      volumes", "      volumes", "runAsNonRoot is not true"},
		{"image not pinned", "image: example/node:1.0", "image: example/node:latest", "not pinned"},
		{"network policy label typo", "podSelector: {matchLabels: {app: gw}}", "podSelector: {matchLabels: {app: gwy}}", "matches no pod template"},
		{"network policy port", "ports: [{port: 7051}]", "ports: [{port: 7053}]", "port 7053 is not a container port of any pod"},
		{"unknown kind", "kind: NetworkPolicy", "kind: NetworkPolicies", "is not one this validator knows"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(valid, c.old) {
				t.Fatalf("the case's text %q is not in the valid stream", c.old)
			}
			problems := run(strings.Replace(valid, c.old, c.new, 1))
			joined := strings.Join(problems, "\n")
			if !strings.Contains(joined, c.want) {
				t.Fatalf("want a problem containing %q, got:\n%s", c.want, joined)
			}
		})
	}
}
