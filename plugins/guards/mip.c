/*
 * mip.c - see mip.h.
 *
 * Columns: x[f][d][s] = 1 when freed person f works shift s on day d
 * (fixed at 0 on a day off or for a shift the person may not work);
 * y[f][k] = 1 when f works weekend k; u[d][s], o[d][s] >= 0, the cover
 * short and over.  With W(f, d) = sum over s of x[f][d][s]:
 *
 *   W(f, d) <= 1                                   one shift a day
 *   x[f][d][a] + x[f][d+1][b] <= 1                 b may not follow a
 *   sum_d x[f][d][s] <= max shifts of s
 *   min minutes <= sum length(s) x[f][d][s] <= max minutes
 *   sum of W over any max+1 days in a row <= max   longest run of work
 *   -W(t-1) + W(t) + .. + W(t+l-1) - W(t+l) <= l-1 no run of l < min days
 *    W(t-1) - W(t) - .. - W(t+l-1) + W(t+l) <= 1   no rest of l < min days
 *   y[f][k] >= W(Saturday), W(Sunday); sum_k y <= max weekends
 *   sum_f x[f][d][s] + u - o = requirement - (fixed people on it)
 *
 * (runs and rests that touch either end of the horizon are exempt, as in
 * shiftprob.h).  Objective: sum of off-request weights times x, minus
 * on-request weights times x (the missed ones are the rest), plus the
 * cover weights times u and o.
 */
#include "mip.h"

#include <glpk.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

struct model {
	glp_prob *lp;
	const struct sp_problem *p;
	int n; /* freed people */
	int *ind;
	double *val;
	int cap, len;
};

static int xcol(const struct model *m, int f, int d, int s)
{
	return 1 + (f * m->p->days + d) * m->p->n_shifts + s;
}

static int add(struct model *m, int col, double v)
{
	if (m->len + 1 >= m->cap) {
		int cap = m->cap * 2;
		int *ind = realloc(m->ind, (size_t)cap * sizeof(int));
		double *val = realloc(m->val, (size_t)cap * sizeof(double));
		if (ind)
			m->ind = ind;
		if (val)
			m->val = val;
		if (!ind || !val)
			return -1;
		m->cap = cap;
	}
	m->len++;
	m->ind[m->len] = col;
	m->val[m->len] = v;
	return 0;
}

/* Adds W(f, d) times v to the row being built. */
static int add_work(struct model *m, int f, int d, double v)
{
	for (int s = 0; s < m->p->n_shifts; s++)
		if (add(m, xcol(m, f, d, s), v))
			return -1;
	return 0;
}

/* Ends the row being built with bounds (type, lo, hi). */
static void row(struct model *m, int type, double lo, double hi)
{
	int r = glp_add_rows(m->lp, 1);
	glp_set_row_bnds(m->lp, r, type, lo, hi);
	glp_set_mat_row(m->lp, r, m->len, m->ind, m->val);
	m->len = 0;
}

static int person_rows(struct model *m, int f, const struct sp_person *e, int ycol0)
{
	const struct sp_problem *p = m->p;
	const int D = p->days, S = p->n_shifts;

	for (int d = 0; d < D; d++) {
		if (add_work(m, f, d, 1))
			return -1;
		row(m, GLP_UP, 0, 1);
	}
	for (int d = 0; d + 1 < D; d++)
		for (int a = 0; a < S; a++)
			for (int b = 0; b < S; b++) {
				if (!p->forbid[a * S + b])
					continue;
				if (add(m, xcol(m, f, d, a), 1) || add(m, xcol(m, f, d + 1, b), 1))
					return -1;
				row(m, GLP_UP, 0, 1);
			}
	for (int s = 0; s < S; s++) {
		for (int d = 0; d < D; d++)
			if (add(m, xcol(m, f, d, s), 1))
				return -1;
		row(m, GLP_UP, 0, e->max_shifts[s]);
	}
	for (int d = 0; d < D; d++)
		for (int s = 0; s < S; s++)
			if (add(m, xcol(m, f, d, s), p->shift_minutes[s]))
				return -1;
	row(m, GLP_DB, e->min_minutes, e->max_minutes);
	for (int t = 0; t + e->max_consec < D; t++) {
		for (int d = t; d <= t + e->max_consec; d++)
			if (add_work(m, f, d, 1))
				return -1;
		row(m, GLP_UP, 0, e->max_consec);
	}
	for (int l = 1; l < e->min_consec; l++)
		for (int t = 1; t + l < D; t++) {
			if (add_work(m, f, t - 1, -1) || add_work(m, f, t + l, -1))
				return -1;
			for (int i = 0; i < l; i++)
				if (add_work(m, f, t + i, 1))
					return -1;
			row(m, GLP_UP, 0, l - 1);
		}
	for (int l = 1; l < e->min_consec_off; l++)
		for (int t = 1; t + l < D; t++) {
			if (add_work(m, f, t - 1, 1) || add_work(m, f, t + l, 1))
				return -1;
			for (int i = 0; i < l; i++)
				if (add_work(m, f, t + i, -1))
					return -1;
			row(m, GLP_UP, 0, 1);
		}
	for (int k = 0; k < D / 7; k++)
		for (int d = 7 * k + 5; d <= 7 * k + 6; d++) {
			if (add(m, ycol0 + k, 1) || add_work(m, f, d, -1))
				return -1;
			row(m, GLP_LO, 0, 0);
		}
	for (int k = 0; k < D / 7; k++)
		if (add(m, ycol0 + k, 1))
			return -1;
	row(m, GLP_UP, 0, e->max_weekends);
	return 0;
}

/* GLPK's callback: at its first heuristic point, the current schedule. */
struct start {
	double *vals; /* 1-based, a value for every column */
	int given;
	int node_limit, nodes;
};

/* GLPK's callback: the current schedule at its first heuristic point, and
 * a stop once the branch-and-bound tree has grown past the limit (a count
 * of nodes, not seconds, so that the same model stops at the same place
 * on any machine). */
static void give_start(glp_tree *T, void *info)
{
	struct start *st = info;
	int total = 0;

	if (glp_ios_reason(T) == GLP_IHEUR && !st->given) {
		st->given = 1;
		glp_ios_heur_sol(T, st->vals);
	}
	glp_ios_tree_size(T, NULL, NULL, &total);
	st->nodes = total;
	if (st->node_limit > 0 && total > st->node_limit)
		glp_ios_terminate(T);
}

int sp_mip_reoptimise(const struct sp_problem *p, int *x, const int *freed, int n, int d0, int d1,
                      double seconds, int node_limit, int *nodes, int *proven)
{
	const int D = p->days, S = p->n_shifts, W = D / 7;
	struct model m = {.p = p, .n = n, .cap = 256};
	unsigned char *is_free = calloc((size_t)p->n_people, 1);
	int *fixed = calloc((size_t)D * S, sizeof(int));
	int rc = -1;

	*proven = 0;
	*nodes = 0;
	m.ind = malloc((size_t)m.cap * sizeof(int));
	m.val = malloc((size_t)m.cap * sizeof(double));
	m.lp = glp_create_prob();
	if (!is_free || !fixed || !m.ind || !m.val || !m.lp)
		goto out;
	for (int f = 0; f < n; f++)
		is_free[freed[f]] = 1;
	for (int i = 0; i < p->n_people; i++) {
		if (is_free[i])
			continue;
		for (int d = 0; d < D; d++)
			if (x[(size_t)i * D + d] >= 0)
				fixed[d * S + x[(size_t)i * D + d]]++;
	}
	glp_set_obj_dir(m.lp, GLP_MIN);

	/* x, then y, then u and o per day and shift */
	int nx = n * D * S, ycol0 = nx + 1, ucol0 = ycol0 + n * W;
	glp_add_cols(m.lp, nx + n * W + 2 * D * S);
	for (int f = 0; f < n; f++) {
		const struct sp_person *e = &p->people[freed[f]];
		const int *on = p->on_w + (size_t)freed[f] * D * S;
		const int *off = p->off_w + (size_t)freed[f] * D * S;
		for (int d = 0; d < D; d++)
			for (int s = 0; s < S; s++) {
				int c = xcol(&m, f, d, s);
				glp_set_col_kind(m.lp, c, GLP_BV);
				if (e->day_off[d] || e->max_shifts[s] == 0)
					glp_set_col_bnds(m.lp, c, GLP_FX, 0, 0);
				else if (d < d0 || d > d1) /* outside the freed days: as is */
					glp_set_col_bnds(m.lp, c, GLP_FX,
					                 x[(size_t)freed[f] * D + d] == s,
					                 x[(size_t)freed[f] * D + d] == s);
				glp_set_obj_coef(m.lp, c, off[d * S + s] - on[d * S + s]);
			}
		for (int k = 0; k < W; k++)
			glp_set_col_kind(m.lp, ycol0 + f * W + k, GLP_BV);
	}
	for (int d = 0; d < D; d++)
		for (int s = 0; s < S; s++) {
			const struct sp_cover *c = &p->cover[d * S + s];
			int u = ucol0 + 2 * (d * S + s), o = u + 1;
			glp_set_col_bnds(m.lp, u, GLP_LO, 0, 0);
			glp_set_col_bnds(m.lp, o, GLP_LO, 0, 0);
			glp_set_obj_coef(m.lp, u, c->under_weight);
			glp_set_obj_coef(m.lp, o, c->over_weight);
		}

	for (int f = 0; f < n; f++)
		if (person_rows(&m, f, &p->people[freed[f]], ycol0 + f * W))
			goto out;
	for (int d = 0; d < D; d++)
		for (int s = 0; s < S; s++) {
			const struct sp_cover *c = &p->cover[d * S + s];
			if (c->under_weight == 0 && c->over_weight == 0)
				continue;
			for (int f = 0; f < n; f++)
				if (add(&m, xcol(&m, f, d, s), 1))
					goto out;
			int u = ucol0 + 2 * (d * S + s);
			if (add(&m, u, 1) || add(&m, u + 1, -1))
				goto out;
			double rhs = c->requirement - fixed[d * S + s];
			row(&m, GLP_FX, rhs, rhs);
		}

	/* the current schedule of the freed people, as GLPK's first incumbent:
	 * it bounds the search from the start */
	struct start st = {.vals = calloc((size_t)glp_get_num_cols(m.lp) + 1, sizeof(double)),
	                   .node_limit = node_limit};
	if (!st.vals)
		goto out;
	for (int f = 0; f < n; f++) {
		const int *row = x + (size_t)freed[f] * D;
		for (int d = 0; d < D; d++)
			if (row[d] >= 0)
				st.vals[xcol(&m, f, d, row[d])] = 1;
		for (int k = 0; k < W; k++)
			st.vals[ycol0 + f * W + k] = row[7 * k + 5] >= 0 || row[7 * k + 6] >= 0;
	}
	for (int d = 0; d < D; d++)
		for (int s = 0; s < S; s++) {
			int have = fixed[d * S + s];
			for (int f = 0; f < n; f++)
				have += x[(size_t)freed[f] * D + d] == s;
			int need = p->cover[d * S + s].requirement;
			st.vals[ucol0 + 2 * (d * S + s)] = need > have ? need - have : 0;
			st.vals[ucol0 + 2 * (d * S + s) + 1] = have > need ? have - need : 0;
		}

	/* GLPK takes a heuristic solution without checking the rows: give it
	 * only when the freed people's schedules keep every hard rule */
	for (int f = 0; f < n; f++) {
		long h = 0, sf = 0;
		sp_person_cost(p, freed[f], x + (size_t)freed[f] * D, &h, &sf);
		if (h > 0)
			st.given = 1;
	}

	glp_iocp parm;
	glp_init_iocp(&parm);
	parm.cb_func = give_start;
	parm.cb_info = &st;
	parm.msg_lev = GLP_MSG_OFF;
	/* no MIP presolver: the callback's starting schedule is given in the
	 * columns of this model, not of a transformed one; the LP relaxation
	 * is solved first instead */
	parm.presolve = GLP_OFF;
	/* GLPK's mixed-integer rounding cuts: on the benchmark's instances the
	 * re-solves close about three times sooner with them (the other cut
	 * families cost more than they save), so more of them fit the time */
	parm.mir_cuts = GLP_ON;
	parm.tm_lim = seconds < 1e-3 ? 1 : seconds > 1e6 ? 1000000000 : (int)(seconds * 1000);
	glp_smcp lpp;
	glp_init_smcp(&lpp);
	lpp.msg_lev = parm.msg_lev;
	lpp.tm_lim = parm.tm_lim;
	int ret = glp_simplex(m.lp, &lpp);
	if (ret == 0 && glp_get_status(m.lp) == GLP_OPT)
		ret = glp_intopt(m.lp, &parm);
	else
		ret = GLP_ENOPFS;
	free(st.vals);
	*nodes = st.nodes;
	int status = glp_mip_status(m.lp);
	rc = 0;
	if ((ret == 0 || ret == GLP_ETMLIM || ret == GLP_ESTOP) &&
	    (status == GLP_OPT || status == GLP_FEAS)) {
		for (int f = 0; f < n; f++)
			for (int d = 0; d < D; d++) {
				int v = SP_OFF;
				for (int s = 0; s < S; s++)
					if (glp_mip_col_val(m.lp, xcol(&m, f, d, s)) > 0.5)
						v = s;
				x[(size_t)freed[f] * D + d] = v;
			}
		*proven = ret == 0 && status == GLP_OPT;
		rc = 1;
	}
out:
	if (m.lp)
		glp_delete_prob(m.lp);
	free(m.ind);
	free(m.val);
	free(is_free);
	free(fixed);
	return rc;
}
